// Preload (`node --import ./scripts/mediasoup-env.mjs …`) for commands that start mediasoup outside
// `npm start` / `npm test` (benchmarks, `npm run start:media`): npm's mediasoup reads MEDIASOUP_WORKER_BIN
// when it is first imported, so the Debian worker must be found (or installed) before that.
import { ensureMediasoupWorker } from './lib.mjs';

ensureMediasoupWorker();
