import { Logger } from '@nestjs/common';
import { createWorker, type types } from 'mediasoup';
import { checkUdpBuffers } from './udp-buffers.js';

export interface WorkerPoolOptions {
  numWorkers: number;
  rtcMinPort: number;
  rtcMaxPort: number;
  logLevel: types.WorkerLogLevel;
}

type DeathListener = (worker: types.Worker) => void;

/**
 * One mediasoup worker (a single-threaded C++ process) per core. A worker that dies is replaced, and the
 * rooms that had routers on it are told (onWorkerDied) so they re-create their routers on a live worker.
 * Load is the number of consumers and peers the rooms placed on a worker; new routers go to the lightest.
 */
export class WorkerPool {
  private readonly logger = new Logger('WorkerPool');
  private readonly load = new Map<types.Worker, number>();
  private readonly deathListeners = new Set<DeathListener>();
  private waiters: Array<() => void> = [];
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {}

  async start(): Promise<void> {
    await Promise.all(Array.from({ length: this.options.numWorkers }, () => this.spawn()));
    this.logger.log({ msg: 'mediasoup workers started', workers: this.workers.map((w) => w.pid) });
    const buffers = checkUdpBuffers();
    if (buffers.enough === false) {
      this.logger.warn({
        msg: 'UDP receive buffers are small: a worker that waits for a CPU loses its presenters’ packets for every viewer; set net.core.rmem_default on the media host',
        rmemDefault: buffers.bytes,
        recommended: buffers.recommended,
      });
    }
  }

  get workers(): types.Worker[] {
    return [...this.load.keys()];
  }

  get expected(): number {
    return this.options.numWorkers;
  }

  onWorkerDied(listener: DeathListener): () => void {
    this.deathListeners.add(listener);
    return () => this.deathListeners.delete(listener);
  }

  /**
   * The least loaded live worker; `pending` adds load the caller knows is coming (viewers placed whose
   * consumers are not created yet). Waits while no worker is alive (a replacement is starting).
   */
  async pick(pending: (worker: types.Worker) => number = () => 0): Promise<types.Worker> {
    while (this.load.size === 0) {
      if (this.closed) throw new Error('worker pool closed');
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    const loadOf = (worker: types.Worker) => (this.load.get(worker) ?? 0) + pending(worker);
    return this.workers.reduce((best, worker) => (loadOf(worker) < loadOf(best) ? worker : best));
  }

  adjustLoad(worker: types.Worker, delta: number) {
    const current = this.load.get(worker);
    if (current !== undefined) this.load.set(worker, current + delta);
  }

  loadOf(worker: types.Worker): number {
    return this.load.get(worker) ?? 0;
  }

  close() {
    this.closed = true;
    for (const worker of this.workers) worker.close();
    this.load.clear();
    for (const wake of this.waiters.splice(0)) wake();
  }

  private async spawn(): Promise<void> {
    const worker = await createWorker({
      logLevel: this.options.logLevel,
      rtcMinPort: this.options.rtcMinPort,
      rtcMaxPort: this.options.rtcMaxPort,
    });
    if (this.closed) {
      worker.close();
      return;
    }
    worker.on('died', (error: Error) => this.died(worker, error));
    this.load.set(worker, 0);
    for (const wake of this.waiters.splice(0)) wake();
  }

  private died(worker: types.Worker, error: Error) {
    this.load.delete(worker);
    if (this.closed) return;
    this.logger.error({ msg: 'mediasoup worker died; replacing it and restarting its rooms', pid: worker.pid, error: error.message });
    void this.replace();
    for (const listener of this.deathListeners) {
      try {
        listener(worker);
      } catch (listenerError) {
        this.logger.error({ msg: 'worker death handler failed', error: String(listenerError) });
      }
    }
  }

  private async replace(attempt = 0): Promise<void> {
    try {
      await this.spawn();
      this.logger.log({ msg: 'replacement mediasoup worker started', workers: this.workers.map((w) => w.pid) });
    } catch (error) {
      const delayMs = Math.min(1000 * 2 ** attempt, 30_000);
      this.logger.error({ msg: 'could not start a replacement mediasoup worker; retrying', error: String(error), delayMs });
      setTimeout(() => void this.replace(attempt + 1), delayMs).unref();
    }
  }
}
