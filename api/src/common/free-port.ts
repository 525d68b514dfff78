import { createServer } from 'node:net';

/**
 * A TCP port on 127.0.0.1 that is free now, for a server that must be known before it starts (several
 * processes sharing it, or a peer that needs its address first). Benchmarks and tests only.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
