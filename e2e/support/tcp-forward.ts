import { connect, createServer, type Socket } from 'node:net';

/**
 * Makes a server listening on 127.0.0.1:`port` reachable at `host`:`port` too (the gateway of a network
 * namespace), by piping each connection through. Resolves with the function that stops it.
 */
export async function forwardTcp(host: string, port: number): Promise<() => Promise<void>> {
  const open = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect({ host: '127.0.0.1', port });
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.once('close', () => open.delete(socket));
      socket.once('error', () => (socket === client ? upstream : client).destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, () => resolve()));
  return () =>
    new Promise<void>((resolve) => {
      for (const socket of open) socket.destroy();
      server.close(() => resolve());
    });
}
