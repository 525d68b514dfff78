// A stand-in for main.ts under OASIS_API_PROCESSES (api-processes.spec.ts): the real supervisor, with workers
// that bind PORT the way listenForBursts does and answer with their pid. Run by Node itself (type stripping).
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { superviseApiProcesses } from '../api-processes.ts';

if (cluster.isPrimary) {
  superviseApiProcesses(Number(process.env.PROCESSES ?? 2), (entry) => process.stdout.write(`${JSON.stringify(entry)}\n`));
} else {
  createServer((_req, res) => res.end(String(process.pid))).listen({ port: Number(process.env.PORT), host: '127.0.0.1', reusePort: true, exclusive: true }, () =>
    process.stdout.write(`${JSON.stringify({ msg: 'listening', pid: process.pid })}\n`),
  );
}
