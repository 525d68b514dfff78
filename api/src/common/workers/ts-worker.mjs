// Runs a worker thread's TypeScript entry when the API itself runs from sources (Jest). Compiled builds start
// the entry's .js directly. Registers a module hook that compiles .ts with SWC (as Jest does) and maps the
// `.js` specifiers of the sources to their `.ts` files, then imports the entry.
import { register } from 'node:module';
import { workerData } from 'node:worker_threads';

register(new URL('./ts-hooks.mjs', import.meta.url));
await import(workerData.tsEntry);
