import { parentPort, workerData } from 'node:worker_threads';
import { RtpReceiver } from '../testing/rtp.js';

/**
 * The fan-out benchmark's viewers receive here, off the main thread, so that counting ~100k packets/s
 * does not delay the presenter's RTP timing. Answers 'reset' and 'stats' messages from the benchmark.
 */
const receivers = await Promise.all(
  Array.from({ length: workerData.sockets as number }, async () => {
    const receiver = new RtpReceiver();
    await receiver.bind();
    return receiver;
  }),
);

/** When this thread handled the last reset: a thread behind on its sockets handles messages late, so its window is its own. */
let resetAt = Date.now();

parentPort!.on('message', (message: 'reset' | 'stats' | 'close') => {
  if (message === 'reset') {
    for (const receiver of receivers) receiver.reset();
    resetAt = Date.now();
    parentPort!.postMessage({ reset: true });
  } else if (message === 'stats') {
    let streams = 0;
    let packets = 0;
    let bytes = 0;
    let lost = 0;
    // Per stream too, so that the benchmark can tell which router a loss happened behind.
    const bySsrc: [number, number, number][] = [];
    for (const receiver of receivers) {
      for (const [ssrc, stream] of receiver.streams) {
        streams += 1;
        packets += stream.packets;
        bytes += stream.bytes;
        lost += stream.lost;
        bySsrc.push([ssrc, stream.packets, stream.lost]);
      }
    }
    parentPort!.postMessage({ streams, packets, bytes, lost, bySsrc, windowMs: Date.now() - resetAt });
  } else {
    for (const receiver of receivers) receiver.close();
    parentPort!.close();
  }
});

parentPort!.postMessage({ addresses: receivers.map((receiver) => receiver.address()) });
