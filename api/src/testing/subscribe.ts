import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** Opens a graphql-ws subscription as the holder of `token` and collects what arrives. */
export function subscribe<T>(url: string, token: string | undefined, query: string) {
  const received: T[] = [];
  const errors: unknown[] = [];
  const client: Client = createClient({
    url: url.replace(/^http/, 'ws') + '/graphql',
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: (error) => errors.push(error),
  });
  const ready = new Promise<void>((resolve) => client.on('connected', () => resolve()));
  /** How the server closed the socket (graphql-ws hands the client a CloseEvent). */
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    client.on('closed', (event) => {
      const { code, reason } = event as { code: number; reason: string };
      resolve({ code, reason: String(reason) });
    }),
  );
  const dispose = client.subscribe<T>(
    { query },
    { next: (value) => value.data && received.push(value.data as T), error: (error) => errors.push(error), complete: () => undefined },
  );
  return {
    received,
    errors,
    ready,
    closed,
    async waitFor(predicate: (items: T[]) => boolean, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(received)) {
        if (Date.now() > deadline) throw new Error(`subscription did not deliver in ${timeoutMs} ms (${JSON.stringify(errors)})`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async close() {
      dispose();
      await client.dispose();
    },
  };
}
