import { Worker } from 'node:worker_threads';
import { ImagingError } from '../imaging-error.js';
import type { DecodeReply, DecodeRequest, KeptImage } from './decode-job.js';

export interface DecodePoolOptions {
  /** Worker threads; each decodes one file at a time. */
  size: number;
  /** V8 heap cap per worker (resourceLimits); a file that needs more kills only its worker. */
  memoryMb: number;
  /** A job running longer than this is stopped with its worker. */
  timeoutMs: number;
}

interface Job {
  request: DecodeRequest;
  resolve(image: KeptImage): void;
  reject(error: Error): void;
}

// From TypeScript sources (Jest) the entry goes through ts-worker.mjs; a build runs the compiled .js.
const FROM_SOURCES = import.meta.url.endsWith('.ts');
const ENTRY = new URL(FROM_SOURCES ? './decode-worker.ts' : './decode-worker.js', import.meta.url);
const BOOTSTRAP = new URL('../../common/workers/ts-worker.mjs', import.meta.url);

/**
 * Decoding off the event loop: a small pool of worker threads, each with a memory cap, so that a hostile file
 * (a 40 MP image, a deflate bomb, a codec that runs away) slows only its own request. A worker that crashes,
 * runs out of memory or overruns the timeout fails that job with IMAGE_DECODE_FAILED and is replaced.
 */
export class DecodePool {
  private readonly idle: Worker[] = [];
  private readonly queue: Job[] = [];
  private workers = 0;
  private closed = false;

  constructor(private readonly options: DecodePoolOptions) {}

  /** Decodes a whole file; every frame comes back as a grayscale PNG. Refusals are the decoder's ImagingErrors. */
  keep(bytes: Uint8Array, limits?: { maxPixels?: number; maxFrames?: number }): Promise<KeptImage> {
    return this.run({ kind: 'keep', bytes, limits });
  }

  /** One frame of a file as a grayscale PNG (for images stored before their frames were kept). */
  async frame(bytes: Uint8Array, frameIndex: number): Promise<Uint8Array> {
    return (await this.run({ kind: 'frame', bytes, frameIndex })).frames[0]!.png;
  }

  /** One frame's packed model inputs (model-planes.ts) at these sides, for images stored before they were kept; `bytes` may be the kept PNG. */
  async modelInput(bytes: Uint8Array, frameIndex: number, sides: number[]): Promise<Uint8Array> {
    return (await this.run({ kind: 'frame', bytes, frameIndex, sides })).frames[0]!.modelInput;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('the decode pool is closed'));
    await Promise.all(this.idle.splice(0).map((worker) => worker.terminate()));
  }

  private run(request: DecodeRequest): Promise<KeptImage> {
    if (this.closed) return Promise.reject(new Error('the decode pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.workers < this.options.size ? this.spawn() : null);
      if (!worker) return;
      this.start(worker, this.queue.shift()!);
    }
  }

  private spawn(): Worker {
    this.workers++;
    const worker = new Worker(FROM_SOURCES ? BOOTSTRAP : ENTRY, {
      workerData: FROM_SOURCES ? { tsEntry: ENTRY.href } : undefined,
      resourceLimits: { maxOldGenerationSizeMb: this.options.memoryMb, maxYoungGenerationSizeMb: 64 },
      // The wasm codecs print progress lines; they are not the API's log.
      stdout: true,
      stderr: true,
    });
    worker.stdout.resume();
    worker.stderr.resume();
    worker.unref();
    return worker;
  }

  private start(worker: Worker, job: Job): void {
    let settled = false;
    const finish = (outcome: () => void, keep: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onFailure);
      worker.off('exit', onFailure);
      outcome();
      if (keep && !this.closed) this.idle.push(worker);
      else {
        this.workers--;
        void worker.terminate();
      }
      this.dispatch();
    };
    const onMessage = (reply: DecodeReply) =>
      finish(() => (reply.ok ? job.resolve(reply.image) : job.reject(new ImagingError(reply.problem, reply.message, reply.details))), true);
    const onFailure = (error?: unknown) =>
      finish(
        () =>
          job.reject(
            new ImagingError('IMAGE_DECODE_FAILED', 'The image could not be decoded: the decoder ran out of memory or stopped', {
              cause: String((error as Error | undefined)?.message ?? error ?? 'exited').slice(0, 200),
            }),
          ),
        false,
      );
    const timer = setTimeout(() => onFailure(new Error(`timed out after ${this.options.timeoutMs} ms`)), this.options.timeoutMs);
    worker.on('message', onMessage);
    worker.once('error', onFailure);
    worker.once('exit', onFailure);
    // The bytes are copied into the worker (the caller keeps its buffer, e.g. for the blob store).
    worker.postMessage(job.request);
  }
}
