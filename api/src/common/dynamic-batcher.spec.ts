import { DynamicBatcher } from './dynamic-batcher.js';

const double = async (xs: number[]) => xs.map((x) => x * 2);

describe('DynamicBatcher', () => {
  it('batches requests that arrive together, up to the maximum size, in order', async () => {
    const sizes: number[] = [];
    const batcher = new DynamicBatcher<number, number>(
      async (xs) => {
        sizes.push(xs.length);
        return double(xs);
      },
      { maxBatch: 4, maxWaitMs: 5, maxQueue: 100 },
    );
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => batcher.submit(i)));
    expect(results).toEqual(Array.from({ length: 10 }, (_, i) => i * 2));
    expect(sizes).toEqual([4, 4, 2]);
  });

  it('runs a lone request after at most maxWaitMs', async () => {
    const batcher = new DynamicBatcher<number, number>(double, { maxBatch: 8, maxWaitMs: 20, maxQueue: 10 });
    const started = Date.now();
    expect(await batcher.submit(21)).toBe(42);
    expect(Date.now() - started).toBeLessThan(200);
  });

  it('refuses work beyond the queue bound and keeps serving', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const batcher = new DynamicBatcher<number, number>(
      async (xs) => {
        await gate;
        return double(xs);
      },
      { maxBatch: 1, maxWaitMs: 0, maxQueue: 2 },
    );
    const first = batcher.submit(1); // running
    const queued = [batcher.submit(2), batcher.submit(3)];
    await expect(batcher.submit(4)).rejects.toMatchObject({ code: 'QUEUE_FULL' });
    release();
    expect(await Promise.all([first, ...queued])).toEqual([2, 4, 6]);
    expect(await batcher.submit(5)).toBe(10);
  });

  it('fails every item of a failed batch, then carries on', async () => {
    let fail = true;
    const batcher = new DynamicBatcher<number, number>(
      async (xs) => {
        if (fail) throw new Error('model crashed');
        return double(xs);
      },
      { maxBatch: 2, maxWaitMs: 1, maxQueue: 10 },
    );
    await expect(Promise.all([batcher.submit(1), batcher.submit(2)])).rejects.toThrow('model crashed');
    fail = false;
    expect(await batcher.submit(3)).toBe(6);
  });

  it('runs up to `concurrency` batches at once, and what arrives meanwhile waits to form the next', async () => {
    const gates: Array<() => void> = [];
    const sizes: number[] = [];
    const batcher = new DynamicBatcher<number, number>(
      async (xs) => {
        sizes.push(xs.length);
        await new Promise<void>((resolve) => gates.push(resolve));
        return double(xs);
      },
      { maxBatch: 10, maxWaitMs: 0, maxQueue: 100, concurrency: 2 },
    );
    const first = batcher.submit(1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = batcher.submit(2);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const rest = [3, 4, 5].map((x) => batcher.submit(x));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(sizes).toEqual([1, 1]);
    expect(batcher.waiting).toBe(3);
    gates.shift()!();
    expect(await first).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(sizes).toEqual([1, 1, 3]);
    gates.splice(0).forEach((release) => release());
    expect(await Promise.all([second, ...rest])).toEqual([4, 6, 8, 10]);
  });
});
