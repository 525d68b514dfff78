import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fork } from 'node:child_process';
import { DataSource } from 'typeorm';
import { JsonLogger } from '#contracts/logging/json-logger.js';
import { availableParallelism } from 'node:os';
import { loadConfig } from '../../config/config.js';
import { createApp } from '../../create-app.js';
import { TokenService } from '../../identity/token.service.js';
import { seedDemo } from '../../seed/seed-demo.js';
import type { ClientsInput, ClientsOutput } from './exam-clients.js';
import { percentile, round as roundTo } from '../../common/percentiles.js';
import { createTestDatabase } from '../../testing/test-database.js';
import { ApiProcessesUnderTest } from './api-processes-under-test.js';

/**
 * `npm run bench:exam`: the synchronised exam start. For each N (BENCH_TRAINEES, default 500,1000,2000) a fresh
 * exam of a fresh course; N enrolled trainees start it within the same second (BENCH_START_SPREAD_MS, 0 = the
 * same instant) over HTTP/GraphQL against the real API on a fresh PostgreSQL database, answer every question (random think time up to BENCH_THINK_MS between
 * answers) and submit. Halfway through (BENCH_EDIT=0 to leave it out) the course's trainer edits a lesson and a
 * question the exam draws from, over the same API, as trainers do mid-exam. Prints errors, p50/p95/p99 latency
 * per operation, throughput and the edits' outcome; the last line is one JSON object. A measurement, not a test;
 * the database is dropped afterwards.
 */
const ROUNDS = (process.env.BENCH_TRAINEES ?? '500,1000,2000').split(',').map(Number);
const QUESTIONS = Number(process.env.BENCH_QUESTIONS ?? 10);
/** Pause between answers, random up to this; real trainees take 30 to 60 s a question, so 10 s compresses an exam about fivefold. */
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 10_000);
/** Trainees press Start within the same second; 0 makes it the same instant (the worst case). */
const START_SPREAD_MS = Number(process.env.BENCH_START_SPREAD_MS ?? 1000);
/** In the half minute before the start each trainee opens the exam page (and so holds a connection), as people do. Timed apart. */
const PAGE_LOAD_LEAD_MS = 30_000;
/** API processes sharing the port (OASIS_API_PROCESSES); one per core by default, as a deployment for exam bursts runs. */
const API_PROCESSES = Number(process.env.BENCH_API_PROCESSES ?? availableParallelism());
/** The trainer edits the course halfway through the exam. */
const EDIT = process.env.BENCH_EDIT !== '0';

const round = (v: number) => roundTo(v, 1);
const stats = (values: number[]) => ({ count: values.length, p50: round(percentile(values, 50)), p95: round(percentile(values, 95)), p99: round(percentile(values, 99)), max: round(Math.max(0, ...values)) });


/** N trainees with open sessions, signed in by issuing their access tokens directly (no 2,000 argon2 hashes). */
async function seedTrainees(ds: DataSource, tokens: TokenService, n: number): Promise<Array<{ userId: string; token: string }>> {
  const rows: Array<{ id: string; user_id: string }> = await ds.query(
    `WITH users AS (
       INSERT INTO app_user (username, display_name, password_hash)
       SELECT 'bench.trainee.' || lpad(g::text, 5, '0'), 'Bench trainee ' || g, '!bench' FROM generate_series(1, $1) g RETURNING id
     ), roles AS (
       INSERT INTO role_assignment (user_id, institution_id, role)
       SELECT id, (SELECT id FROM institution WHERE code = 'KS-SL-T02'), 'TRAINEE' FROM users
     )
     INSERT INTO auth_session (user_id, refresh_token_hash, expires_at)
     SELECT id, md5(random()::text || id::text) || md5(id::text || random()::text), now() + interval '1 day' FROM users
     RETURNING id, user_id`,
    [n],
  );
  return rows.map((r) => ({ userId: r.user_id, token: tokens.signAccessToken({ sub: r.user_id, sid: r.id }).token }));
}

/** A published course with a bank of 2×QUESTIONS questions and an exam drawing QUESTIONS of them; the first n trainees enrolled. */
async function seedExam(ds: DataSource, userIds: string[]): Promise<{ courseId: string; examId: string }> {
  const [{ id: courseId }] = await ds.query(
    `INSERT INTO course (institution_id, created_by, title, credit_hours, published, certificate_valid_months)
     VALUES ((SELECT id FROM institution WHERE code = 'KS-TI'), (SELECT id FROM app_user WHERE username = 'trainer'), 'Bench course', 2, true, 24)
     RETURNING id`,
  );
  const [{ id: moduleId }] = await ds.query(`INSERT INTO course_module (course_id, title, position) VALUES ($1, 'Module', 1) RETURNING id`, [courseId]);
  await ds.query(`INSERT INTO lesson (module_id, course_id, title, kind, position, body) VALUES ($1, $2, 'Lesson', 'TEXT', 1, 'Text')`, [moduleId, courseId]);
  await ds.query(
    `INSERT INTO question (course_id, position, kind, stem, options, correct_options, lesion_box, image_url)
     SELECT $1, g, CASE WHEN g % 4 = 0 THEN 'MARK_LESION' WHEN g % 4 = 1 THEN 'MULTIPLE' ELSE 'SINGLE' END, 'Question ' || g,
            CASE WHEN g % 4 = 0 THEN '[]'::jsonb ELSE '["A","B","C","D"]'::jsonb END,
            CASE WHEN g % 4 = 0 THEN '[]'::jsonb WHEN g % 4 = 1 THEN '[0,2]'::jsonb ELSE '[1]'::jsonb END,
            CASE WHEN g % 4 = 0 THEN '[40,50,90,80]'::jsonb END,
            CASE WHEN g % 4 = 0 THEN 'https://example.org/case.png' END
     FROM generate_series(1, $2) g`,
    [courseId, QUESTIONS * 2],
  );
  const [{ id: examId }] = await ds.query(
    `INSERT INTO exam (course_id, title, question_count, time_limit_minutes, passing_score, max_attempts) VALUES ($1, 'Bench exam', $2, 30, 0.6, 1) RETURNING id`,
    [courseId, QUESTIONS],
  );
  await ds.query(`INSERT INTO enrolment (course_id, user_id) SELECT $1, unnest($2::uuid[])`, [courseId, userIds]);
  await ds.query('ANALYZE');
  return { courseId, examId };
}

/** A signed-in session for the demo trainer, token issued directly as for the trainees. */
async function trainerToken(ds: DataSource, tokens: TokenService): Promise<string> {
  const [session] = await ds.query(
    `INSERT INTO auth_session (user_id, refresh_token_hash, expires_at)
     SELECT id, md5(random()::text) || md5(random()::text), now() + interval '1 day' FROM app_user WHERE username = 'trainer' RETURNING id, user_id`,
  );
  return tokens.signAccessToken({ sub: session.user_id, sid: session.id }).token;
}

interface Edit {
  what: string;
  ms: number;
  ok: boolean;
  error?: string;
}

/** The trainer's edits during the exam: the lesson's text, and a question the exam draws from (a new version). */
async function editCourse(apiUrl: string, token: string, ds: DataSource, courseId: string): Promise<Edit[]> {
  const [lesson] = await ds.query(`SELECT id FROM lesson WHERE course_id = $1 LIMIT 1`, [courseId]);
  const [question] = await ds.query(`SELECT id FROM question WHERE course_id = $1 AND kind = 'SINGLE' AND state = 'CURRENT' ORDER BY position LIMIT 1`, [courseId]);
  const edits: Array<[string, string, Record<string, unknown>]> = [
    ['lesson text', 'mutation($id: ID!, $i: LessonContentInput!) { updateLesson(id: $id, input: $i) { id } }', { id: lesson.id, i: { title: 'Lesson, revised', kind: 'TEXT', body: 'Text, revised during the exam' } }],
    [
      'question (new version)',
      'mutation($id: ID!, $i: QuestionContentInput!) { updateQuestion(id: $id, input: $i) { id version } }',
      { id: question.id, i: { kind: 'SINGLE', stem: 'Question, revised during the exam', options: ['A', 'B', 'C', 'D'], correctOptions: [2] } },
    ],
  ];
  const done: Edit[] = [];
  for (const [what, query, variables] of edits) {
    const t0 = performance.now();
    const response = await fetch(`${apiUrl}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    const body = (await response.json()) as { errors?: Array<{ message: string }> };
    done.push({ what, ms: round(performance.now() - t0), ok: response.ok && !body.errors, ...(body.errors ? { error: body.errors[0]!.message } : {}) });
  }
  return done;
}

function runClients(input: ClientsInput): Promise<ClientsOutput> {
  return new Promise((resolve, reject) => {
    const clients = fork(new URL('./exam-clients.js', import.meta.url));
    clients.once('message', (message: ClientsOutput & { fatal?: string }) => (message.fatal ? reject(new Error(message.fatal)) : resolve(message)));
    clients.once('error', reject);
    clients.send(input);
  });
}

async function main() {
  // Migrated as the owner role; the API connects as the app role, as deployed.
  const db = await createTestDatabase('postgres');
  await db.dataSource.destroy();
  const name = new URL(db.databaseUrl!).pathname.slice(1);
  const dataDir = await mkdtemp(join(tmpdir(), 'oasis-bench-'));
  try {
    const env = {
      // As deployed: production settings (the whole database pool opened at start-up, among others).
      NODE_ENV: 'production',
      DATABASE_URL: db.databaseUrl!,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      LOG_LEVEL: 'error',
      OASIS_DATA_DIR: dataDir,
      OASIS_JWT_SECRET: randomBytes(32).toString('hex'),
      OASIS_MEDIA_SECRET: randomBytes(32).toString('hex'),
      OASIS_MASTER_KEY: randomBytes(32).toString('hex'),
      // Pre-reads would go to inference workers; none run here, and no API process loads models.
      OASIS_INFERENCE_MODE: 'workers',
      OASIS_QUEUE_PREFIX: name,
    };
    // This process only migrates, seeds and signs the trainees' tokens; the API under test runs as main.js does.
    const app = await createApp({ config: loadConfig({ ...process.env, ...env }), schemaFile: false, logger: new JsonLogger('error') });
    const ds = app.get(DataSource);
    await seedDemo(ds);
    const trainees = await seedTrainees(ds, app.get(TokenService), Math.max(...ROUNDS));
    const trainer = await trainerToken(ds, app.get(TokenService));
    const api = await ApiProcessesUnderTest.start(env, API_PROCESSES);
    const apiUrl = api.url;

    console.log(
      `Exam start benchmark: starts within ${START_SPREAD_MS} ms, ${QUESTIONS} questions per attempt, think time up to ${THINK_MS} ms between answers, PostgreSQL, ${API_PROCESSES} API process(es), clients in a child process`,
    );
    // Warm-up (not reported): the first requests pay for lazy loading and JIT compilation.
    const warmUp = trainees.slice(0, 100);
    await runClients({ url: apiUrl, tokens: warmUp.map((c) => c.token), ...(await seedExam(ds, warmUp.map((c) => c.userId))), startAt: Date.now() + 2000, startSpreadMs: 0, pageLoadLeadMs: 1500, thinkMs: 0 });
    const results = [];
    for (const n of ROUNDS) {
      const cohort = trainees.slice(0, n);
      const { courseId, examId } = await seedExam(ds, cohort.map((c) => c.userId));
      const startAt = Date.now() + PAGE_LOAD_LEAD_MS + 500;
      const cpuBefore = api.cpuMs();
      const clients = runClients({ url: apiUrl, tokens: cohort.map((c) => c.token), courseId, examId, startAt, startSpreadMs: START_SPREAD_MS, pageLoadLeadMs: PAGE_LOAD_LEAD_MS, thinkMs: THINK_MS });
      // Halfway: the answers take QUESTIONS × THINK_MS / 2 on average.
      const edits = EDIT ? new Promise<Edit[]>((resolve, reject) => setTimeout(() => editCourse(apiUrl, trainer, ds, courseId).then(resolve, reject), startAt - Date.now() + (QUESTIONS * THINK_MS) / 4)) : Promise.resolve([]);
      const [out, edited] = await Promise.all([clients, edits]);
      const { page, ...exam } = out.latencies;
      // The API processes' CPU time per request served (page loads included): its cost, whatever else ran on the machine.
      const cpuMs = api.cpuMs() - cpuBefore;
      const [db] = await ds.query(
        `SELECT count(*)::int AS attempts, count(*) FILTER (WHERE status = 'SUBMITTED')::int AS submitted, count(DISTINCT user_id)::int AS trainees,
                (SELECT count(*)::int FROM exam_answer a JOIN exam_attempt t ON t.id = a.attempt_id WHERE t.exam_id = $1) AS answers
         FROM exam_attempt WHERE exam_id = $1`,
        [examId],
      );
      const all = [...exam.start, ...exam.save, ...exam.submit];
      const seconds = (out.finishedAt - startAt) / 1000;
      const result = {
        trainees: n,
        errors: out.errors,
        requests: all.length,
        seconds: round(seconds),
        throughputPerSecond: round(all.length / seconds),
        latencyMs: { all: stats(all), start: stats(exam.start), save: stats(exam.save), submit: stats(exam.submit) },
        pageLoadBeforeStartMs: stats(page),
        apiCpuMsPerRequest: Number((cpuMs / (all.length + page.length)).toFixed(2)),
        database: db,
        edits: edited,
        errorSamples: out.errorSamples,
      };
      results.push(result);
      const line = (op: string, s: ReturnType<typeof stats>) => `    ${op.padEnd(7)} n=${String(s.count).padEnd(6)} p50 ${s.p50} ms   p95 ${s.p95} ms   p99 ${s.p99} ms   max ${s.max} ms`;
      console.log(
        `  N=${n}: ${out.errors} errors, ${all.length} requests in ${round(seconds)} s (${result.throughputPerSecond} req/s); attempts ${db.attempts}, submitted ${db.submitted}, answers ${db.answers}; API CPU ${result.apiCpuMsPerRequest} ms/request`,
      );
      for (const [op, s] of Object.entries(result.latencyMs)) console.log(line(op, s));
      for (const e of edited) console.log(`    trainer's edit during the exam: ${e.what} ${e.ok ? 'saved' : `FAILED (${e.error})`} in ${e.ms} ms`);
      for (const sample of out.errorSamples) console.log(`    error: ${sample}`);
    }
    await api.stop();
    await app.close();
    console.log(JSON.stringify({ apiProcesses: API_PROCESSES, startSpreadMs: START_SPREAD_MS, questions: QUESTIONS, thinkMs: THINK_MS, rounds: results.map(({ errorSamples: _, ...r }) => r) }));
  } finally {
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`Benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
  process.exit(1);
});
