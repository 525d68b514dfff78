import cluster from 'node:cluster';

const RESTART_DELAY_MS = 1000;

/**
 * The primary of OASIS_API_PROCESSES > 1: it serves nothing itself, it keeps `count` API processes running.
 * Each binds the port with SO_REUSEPORT, so the kernel spreads connections and no process relays them
 * (see listenForBursts). One that dies is replaced after a pause; SIGTERM or SIGINT stops them all.
 */
export function superviseApiProcesses(count: number, log: (entry: Record<string, unknown>) => void): void {
  let stopping = false;
  const fork = () =>
    cluster.fork().once('exit', (code, signal) => {
      if (stopping) return;
      log({ level: 'error', msg: 'API process exited; starting another', code, signal });
      setTimeout(fork, RESTART_DELAY_MS);
    });
  for (let i = 0; i < count; i++) fork();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    });
  }
}
