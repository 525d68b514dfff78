import { Agent, request } from 'node:http';

/**
 * The simulated trainees of `bench:exam`, in a child process so their HTTP work is not counted as the API's
 * (its CPU time per request is measured). Each one presses Start within the same second (or the same instant, with no spread), starts the exam, answers every question (with a
 * random think time), and submits. Every request is timed; any HTTP or GraphQL error counts as an error.
 */
export interface ClientsInput {
  url: string;
  tokens: string[];
  courseId: string;
  examId: string;
  startAt: number;
  /** Each trainee presses Start at a random moment within this many ms of startAt ("the same second"). */
  startSpreadMs: number;
  /** Each trainee loads the exam page (opening its connection) within this many ms before startAt. */
  pageLoadLeadMs: number;
  thinkMs: number;
}

export interface ClientsOutput {
  latencies: Record<'page' | 'start' | 'save' | 'submit', number[]>;
  errors: number;
  errorSamples: string[];
  finishedAt: number;
}

const PAGE = 'query($id: ID!) { course(id: $id) { title exam { id title timeLimitMinutes maxAttempts myAttempts { id status } } } }';
const START = 'mutation($id: ID!) { startExamAttempt(examId: $id) { id deadline serverNow questions { position question { id kind options } } } }';
const SAVE = 'mutation($i: AnswerInput!) { saveAnswer(input: $i) { position } }';
const SUBMIT = 'mutation($id: ID!) { submitExamAttempt(attemptId: $id) { status score passed } }';

async function run({ url, tokens, courseId, examId, startAt, startSpreadMs, pageLoadLeadMs, thinkMs }: ClientsInput): Promise<ClientsOutput> {
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: Infinity });
  const { hostname, port } = new URL(url);
  const out: ClientsOutput = { latencies: { page: [], start: [], save: [], submit: [] }, errors: 0, errorSamples: [], finishedAt: 0 };
  const call = async (op: keyof ClientsOutput['latencies'], token: string, query: string, variables: Record<string, unknown>) => {
    const t0 = performance.now();
    try {
      const { status, text } = await post(agent, hostname, Number(port), token, JSON.stringify({ query, variables }));
      out.latencies[op].push(performance.now() - t0);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped GraphQL JSON
      const body = JSON.parse(text) as { data?: Record<string, any>; errors?: Array<{ message: string; extensions?: { code?: string } }> };
      if (status !== 200 || body.errors || !body.data) throw new Error(`${op}: ${status} ${body.errors?.[0]?.extensions?.code ?? ''} ${body.errors?.[0]?.message ?? ''}`);
      return body.data;
    } catch (error) {
      out.errors += 1;
      if (out.errorSamples.length < 5) out.errorSamples.push((error as Error).message);
      return null;
    }
  };
  const think = () => new Promise((r) => setTimeout(r, Math.random() * thinkMs));
  const sleepUntil = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));
  const trainee = async (token: string) => {
    // Like a trainee with the exam page open: the page was loaded (and its connection made) before the start.
    await sleepUntil(startAt - pageLoadLeadMs + Math.random() * (pageLoadLeadMs - 500));
    if (!(await call('page', token, PAGE, { id: courseId }))) return;
    await sleepUntil(startAt + Math.random() * startSpreadMs);
    const started = await call('start', token, START, { id: examId });
    const attempt = started?.startExamAttempt;
    if (!attempt) return;
    for (const q of attempt.questions) {
      await think();
      const answer = q.question.kind === 'MARK_LESION' ? { point: [60, 60] } : { options: [Math.floor(Math.random() * q.question.options.length)] };
      await call('save', token, SAVE, { i: { attemptId: attempt.id, questionId: q.question.id, ...answer } });
    }
    await think();
    await call('submit', token, SUBMIT, { id: attempt.id });
  };
  await Promise.all(tokens.map(trainee));
  out.finishedAt = Date.now();
  return out;
}

function post(agent: Agent, hostname: string, port: number, token: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, hostname, port, path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

process.once('message', (input: ClientsInput) =>
  run(input).then(
    (result) => process.send!(result, () => process.exit(0)),
    (error) => process.send!({ fatal: (error as Error).stack }, () => process.exit(1)),
  ),
);
