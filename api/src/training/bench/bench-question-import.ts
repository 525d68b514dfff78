import 'reflect-metadata';
import { percentile, round as roundTo } from '../../common/percentiles.js';
import { encodeGrayPng } from '../../imaging/encode-png.js';
import { TokenService } from '../../identity/token.service.js';
import { withBenchApp } from '../../testing/bench-database.js';
import { COURSE_INPUT } from '../testing/training-fixtures.js';

/**
 * `npm run bench:question-import`: a 500-question bank file (BENCH_QUESTIONS) imported over HTTP into a fresh
 * course by a trainer, as GIFT (text questions) and as Oasis JSON (one in ten an image-marking question with
 * its own 320×240 picture), each checked first (dry run) and then imported; BENCH_RUNS rounds on a fresh
 * PostgreSQL database. Prints p50/max seconds per step and what each report counted; the last line is one
 * JSON object. A measurement, not a test.
 */
const QUESTIONS = Number(process.env.BENCH_QUESTIONS ?? 500);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const round = (v: number) => roundTo(v, 2);

function giftFile(n: number): string {
  const lines = ['// Benchmark bank'];
  for (let i = 1; i <= n; i++) {
    lines.push(
      i % 2
        ? `::Q${i}:: Which BI-RADS category fits finding ${i}? {\n  ~2\n  =3#Probably benign\n  ~4A\n  ~5\n  ####Category 3\\: follow-up in 6 months.\n}`
        : `::Q${i}:: Which features of lesion ${i} suggest malignancy? {~%50%Angular margins ~%-100%Parallel orientation ~%50%Posterior shadowing ~%-100%Thin capsule}`,
    );
  }
  return lines.join('\n\n');
}

function jsonFile(n: number): string {
  const picture = (i: number) => {
    const data = new Uint8Array(320 * 240).map((_, p) => (p * 7 + i * 13) % 200);
    return encodeGrayPng({ width: 320, height: 240, data }).toString('base64');
  };
  const questions = Array.from({ length: n }, (_, k) =>
    k % 10 === 9
      ? { kind: 'MARK_LESION', stem: `Mark the lesion of case ${k + 1}.`, options: [], correctOptions: [], lesionBox: [100, 80, 180, 140], explanation: 'The hypoechoic mass.', image: { png: picture(k) } }
      : { kind: 'SINGLE', stem: `Which BI-RADS category fits finding ${k + 1}?`, options: ['2', '3', '4A', '5'], correctOptions: [1], explanation: 'Probably benign.' },
  );
  return JSON.stringify({ format: 'oasis-question-bank', version: 1, course: 'Benchmark bank', questions }, null, 2);
}

async function main() {
  await withBenchApp(async (app, ds) => {
    await app.listen(0, '127.0.0.1');
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const [{ id: userId, session }] = await ds.query(
      `WITH u AS (INSERT INTO app_user (username, display_name, password_hash) VALUES ('bench.trainer', 'Bench trainer', '!bench') RETURNING id),
            i AS (INSERT INTO institution (code, name, type, prefecture) VALUES ('BENCH-TRAIN', 'Bench training institute', 'TRAINING_INSTITUTE', 'Bench') RETURNING id),
            r AS (INSERT INTO role_assignment (user_id, institution_id, role) SELECT u.id, i.id, 'TRAINER' FROM u, i)
       INSERT INTO auth_session (user_id, refresh_token_hash, expires_at) SELECT id, md5(random()::text) || md5(random()::text), now() + interval '1 day' FROM u
       RETURNING user_id AS id, id AS session`,
    );
    const token = app.get(TokenService).signAccessToken({ sub: userId, sid: session }).token;
    const gql = async (query: string, variables: Record<string, unknown>) => {
      const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- GraphQL answers
      const body = (await response.json()) as { data?: any; errors?: unknown };
      if (!body.data) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    const files = { gift: giftFile(QUESTIONS), json: jsonFile(QUESTIONS) };
    const seconds: Record<string, number[]> = {};
    const reports: Record<string, unknown> = {};
    for (let run = 0; run < RUNS; run++) {
      for (const [format, text] of Object.entries(files)) {
        const courseId = (await gql('mutation($i: CourseInput!) { createCourse(input: $i) { id } }', { i: { ...COURSE_INPUT, title: `Bench ${format} ${run}` } })).createCourse.id;
        for (const dryRun of [true, false]) {
          const step = `${format}${dryRun ? ' dry run' : ' import'}`;
          const t0 = performance.now();
          const response = await fetch(`${url}/question-banks/${courseId}/import?format=${format}${dryRun ? '&dryRun=true' : ''}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' }, body: text });
          const report = (await response.json()) as { questions: number; imported: number; failed: number };
          (seconds[step] ??= []).push((performance.now() - t0) / 1000);
          if (response.status !== 200) throw new Error(`${step}: ${JSON.stringify(report)}`);
          reports[step] = { questions: report.questions, imported: report.imported, failed: report.failed };
        }
      }
    }
    console.log(`Question bank import benchmark: ${QUESTIONS} questions; GIFT ${round(files.gift.length / 1e6)} MB, JSON ${round(files.json.length / 1e6)} MB (${Math.floor(QUESTIONS / 10)} pictures); ${RUNS} runs over HTTP`);
    for (const [step, values] of Object.entries(seconds)) {
      console.log(`  ${step.padEnd(14)} p50 ${round(percentile(values, 50))} s   max ${round(Math.max(...values))} s   ${JSON.stringify(reports[step])}`);
    }
    console.log(JSON.stringify({ questions: QUESTIONS, maxSeconds: Object.fromEntries(Object.entries(seconds).map(([k, v]) => [k, round(Math.max(...v))])) }));
  });
}

main().catch((error) => {
  console.error(`Benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
  process.exit(1);
});
