import { parentPort } from 'node:worker_threads';
import { type DecodeRequest, runDecodeJob } from './decode-job.js';

// A decode worker thread (decode-pool.ts): one request at a time; the PNG and model input buffers are transferred, not copied.
parentPort!.on('message', (request: DecodeRequest) => {
  void runDecodeJob(request).then((reply) => {
    const transfer = reply.ok ? reply.image.frames.flatMap((f) => [f.png.buffer as ArrayBuffer, f.modelInput.buffer as ArrayBuffer]) : [];
    parentPort!.postMessage(reply, transfer);
  });
});
