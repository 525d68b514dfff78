import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError } from '../common/app-error.js';
import { ErrorCode } from '../common/error-codes.js';

export const BLOB_STORE = Symbol('BLOB_STORE');

/** Content-addressed file storage: one copy per SHA-256, checked against its address on every read. */
export interface BlobStore {
  /** Stores the bytes (once) and returns their SHA-256. */
  put(bytes: Uint8Array): Promise<string>;
  get(sha256: string): Promise<Buffer>;
  has(sha256: string): Promise<boolean>;
}

export const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Files under `<root>/ab/cd/<sha256>`. Writes go to a temporary file that is flushed to disk and then
 * renamed into place, so a power cut leaves either the whole file or none of it.
 */
export class DiskBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  async put(bytes: Uint8Array): Promise<string> {
    const sha256 = sha256Of(bytes);
    const path = this.pathOf(sha256);
    if (await this.has(sha256)) return sha256;
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${randomUUID()}.tmp`;
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path).catch(async (error) => {
      await rm(temporary, { force: true });
      throw error;
    });
    return sha256;
  }

  async get(sha256: string): Promise<Buffer> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.pathOf(sha256));
    } catch {
      throw new AppError(ErrorCode.NOT_FOUND, `Stored file ${sha256.slice(0, 12)}… is missing`);
    }
    if (sha256Of(bytes) !== sha256) {
      throw new AppError(ErrorCode.INTEGRITY_ERROR, `Stored file ${sha256.slice(0, 12)}… failed its integrity check`);
    }
    return bytes;
  }

  async has(sha256: string): Promise<boolean> {
    return stat(this.pathOf(sha256)).then(
      () => true,
      () => false,
    );
  }

  private pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new AppError(ErrorCode.BAD_USER_INPUT, 'Not a SHA-256');
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }
}
