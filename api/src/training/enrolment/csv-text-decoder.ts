import { Transform, type TransformCallback } from 'node:stream';
import { AppError } from '../../common/app-error.js';
import { ErrorCode } from '../../common/error-codes.js';

const BOM = [0xef, 0xbb, 0xbf];

/**
 * Bytes of a CSV file to text, chunk by chunk, whatever the spreadsheet saved: UTF-8 with a BOM (stripped),
 * UTF-8 without one, or GBK (Chinese Excel's default). ASCII reads the same in all of them, so the choice
 * waits for the first non-ASCII byte: if its line is valid UTF-8 the file is UTF-8, otherwise GBK. Both decoders
 * are fatal, so a file mixing encodings is refused rather than read as mojibake.
 */
export class CsvTextDecoder extends Transform {
  private decoder: InstanceType<typeof TextDecoder> | null = null;
  private started = false;
  private bytes = 0;
  private encoding: 'utf-8' | 'gbk' | 'ascii' = 'ascii';

  constructor(private readonly maxBytes: number) {
    super({ readableObjectMode: true });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.bytes += chunk.length;
      if (this.bytes > this.maxBytes) throw new AppError(ErrorCode.PAYLOAD_TOO_LARGE, `The CSV file is over ${this.maxBytes} bytes`);
      if (!this.started) {
        this.started = true;
        if (BOM.every((b, i) => chunk[i] === b)) {
          chunk = chunk.subarray(3);
          this.use('utf-8');
        }
      }
      if (!this.decoder) {
        const firstNonAscii = chunk.findIndex((b) => b >= 0x80);
        if (firstNonAscii < 0) {
          if (chunk.length > 0) this.push(chunk.toString('latin1'));
          return callback();
        }
        // Judge by the rest of that line only: a file that changes encoding further down is refused, not misread.
        const lineEnd = chunk.indexOf(0x0a, firstNonAscii);
        this.use(isUtf8Prefix(chunk.subarray(firstNonAscii, lineEnd < 0 ? firstNonAscii + 256 : lineEnd)) ? 'utf-8' : 'gbk');
      }
      const text = this.decoder!.decode(chunk, { stream: true });
      if (text) this.push(text);
      callback();
    } catch (error) {
      callback(error instanceof AppError ? error : this.encodingError());
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      const rest = this.decoder?.decode() ?? '';
      if (rest) this.push(rest);
      callback();
    } catch {
      callback(this.encodingError());
    }
  }

  private use(encoding: 'utf-8' | 'gbk') {
    this.encoding = encoding;
    this.decoder = new TextDecoder(encoding, { fatal: true });
  }

  private encodingError() {
    return new AppError(ErrorCode.CSV_INVALID, `The file is not consistently ${this.encoding === 'gbk' ? 'GBK' : 'UTF-8'} text; save it as CSV UTF-8 and try again`);
  }
}

/** Valid UTF-8, allowing a sequence cut off at the end of the chunk. */
function isUtf8Prefix(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}
