import { createWriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { AppError } from '../../common/app-error.js';
import { ErrorCode } from '../../common/error-codes.js';

/**
 * Receives a request body into `file` (mode 600), refusing it as soon as it passes `maxBytes`: the limit is
 * known to hold before anything reaches the database. The body is never destroyed (its response is still to
 * come); what is left of a refused one is read and dropped.
 */
export function spoolBody(body: Readable & { headers?: Record<string, string | string[] | undefined> }, file: string, maxBytes: number): Promise<number> {
  const tooLarge = () => new AppError(ErrorCode.PAYLOAD_TOO_LARGE, `The CSV file is over ${maxBytes} bytes`);
  if (Number(body.headers?.['content-length'] ?? 0) > maxBytes) {
    body.resume();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const out = createWriteStream(file, { mode: 0o600 });
    let bytes = 0;
    let failed = false;
    let ended = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      body.removeListener('data', onData);
      body.resume();
      out.destroy();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > maxBytes) return fail(tooLarge());
      if (!out.write(chunk)) {
        body.pause();
        out.once('drain', () => body.resume());
      }
    };
    body.on('data', onData);
    body.once('error', fail);
    body.once('end', () => {
      ended = true;
      if (!failed) out.end();
    });
    // A client that goes away mid-file leaves nothing to import.
    body.once('close', () => !ended && fail(new AppError(ErrorCode.CSV_INVALID, 'The upload was cut off before the end of the file')));
    out.once('error', fail);
    out.once('finish', () => !failed && resolve(bytes));
  });
}
