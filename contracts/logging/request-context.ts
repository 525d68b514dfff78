import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line and audit row says about the request that caused it. */
export interface RequestContext {
  requestId: string;
  ip: string | null;
  userAgent: string | null;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const runWithRequestContext = <T>(context: RequestContext, fn: () => T): T => storage.run(context, fn);
export const currentRequestContext = (): RequestContext | undefined => storage.getStore();
