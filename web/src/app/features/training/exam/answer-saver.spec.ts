import { jest } from '@jest/globals';
import { ApiError, NETWORK_ERROR } from '../../../core/graphql/api-error';
import { AnswerSaver, SAVE_RETRY_DELAYS_MS } from './answer-saver';
import type { AnswerInput } from './exam.api';

/** A send that the test answers one request at a time, as a slow server would. */
function controlledSend() {
  const requests: Array<{ input: AnswerInput; resolve: () => void; reject: (error: unknown) => void }> = [];
  const send = (input: AnswerInput) => new Promise<unknown>((resolve, reject) => requests.push({ input, resolve: () => resolve(undefined), reject }));
  return { requests, send };
}

const answer = (questionId: string, option: number): AnswerInput => ({ attemptId: 'attempt', questionId, options: [option] });
const settle = () => jest.advanceTimersByTimeAsync(0);

describe('AnswerSaver', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('sends one request at a time, and only the newest answer to a question changed meanwhile', async () => {
    const { requests, send } = controlledSend();
    const saver = new AnswerSaver(send, () => undefined);
    saver.save(answer('q1', 0));
    saver.save(answer('q2', 0));
    saver.save(answer('q1', 1));
    saver.save(answer('q1', 2));
    await settle();
    expect(requests).toHaveLength(1);
    expect(saver.state()).toBe('saving');
    expect([...saver.unsaved()]).toEqual(['q1', 'q2']);
    requests[0].resolve();
    await settle();
    requests[1].resolve();
    await settle();
    requests[2]?.resolve();
    expect(await saver.flush()).toBe(true);
    // q1's first answer was on its way; its newest one went next (keeping q1's place), the one in between never.
    expect(requests.map((r) => [r.input.questionId, r.input.options])).toEqual([
      ['q1', [0]],
      ['q1', [2]],
      ['q2', [0]],
    ]);
    expect(saver.state()).toBe('saved');
    expect(saver.busy()).toBe(false);
  });

  it('keeps an answer through a network failure and sends it again after the back-off', async () => {
    const sent: AnswerInput[] = [];
    let fail = true;
    const saver = new AnswerSaver(async (input) => {
      sent.push(input);
      if (fail) throw new ApiError(NETWORK_ERROR, 'offline');
    }, () => undefined);
    saver.save(answer('q1', 3));
    await settle();
    expect(saver.state()).toBe('retrying');
    expect(saver.retryIn()).toBe(SAVE_RETRY_DELAYS_MS[0] / 1000);
    expect(saver.busy()).toBe(true);
    fail = false;
    await jest.advanceTimersByTimeAsync(SAVE_RETRY_DELAYS_MS[0]);
    expect(saver.state()).toBe('saved');
    expect(sent.map((input) => input.options)).toEqual([[3], [3]]);
    expect(saver.error()).toBeNull();
  });

  it('flush() tries at once instead of waiting out the back-off', async () => {
    let calls = 0;
    const saver = new AnswerSaver(async () => {
      if (++calls === 1) throw new ApiError('INTERNAL_SERVER_ERROR', 'boom');
    }, () => undefined);
    saver.save(answer('q1', 0));
    await settle();
    expect(saver.state()).toBe('retrying');
    const flushed = saver.flush();
    await settle();
    expect(await flushed).toBe(true);
    expect(calls).toBe(2);
  });

  it('drops an answer the server refuses and shows why', async () => {
    const saver = new AnswerSaver(async () => {
      throw new ApiError('BAD_USER_INPUT', 'no such option');
    }, () => undefined);
    saver.save(answer('bad', 9));
    expect(await saver.flush()).toBe(true);
    expect(saver.state()).toBe('failed');
    expect(saver.error()?.code).toBe('BAD_USER_INPUT');
  });

  it('still saves the other answers after a refused one', async () => {
    const sent: string[] = [];
    const saver = new AnswerSaver(async (input) => {
      sent.push(input.questionId);
      if (input.questionId === 'bad') throw new ApiError('BAD_USER_INPUT', 'no such option');
    }, () => undefined);
    saver.save(answer('bad', 9));
    saver.save(answer('good', 1));
    expect(await saver.flush()).toBe(true);
    expect(sent).toEqual(['bad', 'good']);
    expect(saver.unsaved().size).toBe(0);
  });

  it('stops for good when the server closed the attempt, and tells the page', async () => {
    const closed: ApiError[] = [];
    const sent: string[] = [];
    const saver = new AnswerSaver(async (input) => {
      sent.push(input.questionId);
      throw new ApiError('ATTEMPT_CLOSED', 'time is up');
    }, (error) => closed.push(error));
    saver.save(answer('q1', 0));
    saver.save(answer('q2', 0));
    expect(await saver.flush()).toBe(false);
    expect(saver.state()).toBe('closed');
    expect(closed.map((e) => e.code)).toEqual(['ATTEMPT_CLOSED']);
    saver.save(answer('q3', 0));
    await settle();
    expect(sent).toEqual(['q1']);
  });
});
