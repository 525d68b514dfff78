import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError } from '../common/app-error.js';
import { ErrorCode } from '../common/error-codes.js';
import { isUuid } from '../common/uuid.js';
import { open as openSealed, seal } from '../encryption/envelope.js';
import type { Keyring } from '../encryption/keyring.js';

export const BLOB_STORE = Symbol('BLOB_STORE');

/** Content-addressed file storage: one copy per SHA-256, checked against its address on every read. */
export interface BlobStore {
  /** Stores the bytes (once) and returns their SHA-256. */
  put(bytes: Uint8Array): Promise<string>;
  get(sha256: string): Promise<Buffer>;
  has(sha256: string): Promise<boolean>;
}

export const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Data key of the stored files. */
export const BLOB_KEY = 'blob';
/** An encrypted file starts with this, then the data key id (36 characters), then nonce | tag | ciphertext. */
const MAGIC = Buffer.from('OASIS-BLOB-1\n', 'latin1');
const KEY_ID_LENGTH = 36;

/**
 * Files under `<root>/ab/cd/<sha256>`, encrypted with the blob data key (AES-256-GCM, bound to the address).
 * The address stays the SHA-256 of the plaintext, checked after decryption on every read. Writes go to a
 * temporary file that is flushed to disk and then renamed into place, so a power cut leaves either the whole
 * file or none of it. Files written before encryption are read as they are and encrypted in place.
 */
export class DiskBlobStore implements BlobStore {
  constructor(
    private readonly root: string,
    private readonly keys: Keyring,
  ) {}

  async put(bytes: Uint8Array): Promise<string> {
    const sha256 = sha256Of(bytes);
    if (await this.has(sha256)) return sha256;
    await this.write(sha256, await this.encrypt(sha256, bytes));
    return sha256;
  }

  async get(sha256: string): Promise<Buffer> {
    let stored: Buffer;
    try {
      stored = await readFile(this.pathOf(sha256));
    } catch {
      throw new AppError(ErrorCode.NOT_FOUND, `Stored file ${sha256.slice(0, 12)}… is missing`);
    }
    const encrypted = stored.subarray(0, MAGIC.length).equals(MAGIC);
    const bytes = encrypted ? await this.decrypt(sha256, stored) : stored;
    if (sha256Of(bytes) !== sha256) throw this.integrityError(sha256);
    if (!encrypted) await this.write(sha256, await this.encrypt(sha256, bytes), { replace: true });
    return bytes;
  }

  async has(sha256: string): Promise<boolean> {
    return stat(this.pathOf(sha256)).then(
      () => true,
      () => false,
    );
  }

  private async encrypt(sha256: string, bytes: Uint8Array): Promise<Buffer> {
    const { id, key } = await this.keys.dataKey(BLOB_KEY);
    return Buffer.concat([MAGIC, Buffer.from(id, 'latin1'), seal(key, bytes, `blob:${sha256}`)]);
  }

  private async decrypt(sha256: string, stored: Buffer): Promise<Buffer> {
    const keyId = stored.subarray(MAGIC.length, MAGIC.length + KEY_ID_LENGTH).toString('latin1');
    if (!isUuid(keyId)) throw this.integrityError(sha256);
    const key = await this.keys.dataKeyById(keyId);
    try {
      return openSealed(key, stored.subarray(MAGIC.length + KEY_ID_LENGTH), `blob:${sha256}`);
    } catch {
      throw this.integrityError(sha256);
    }
  }

  private async write(sha256: string, contents: Buffer, { replace = false } = {}) {
    const path = this.pathOf(sha256);
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${randomUUID()}.tmp`;
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(contents);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // Renaming over an existing file is atomic, so a reader sees the old or the new one (replace: plaintext → encrypted).
    if (!replace && (await this.has(sha256))) return rm(temporary, { force: true });
    await rename(temporary, path).catch(async (error) => {
      await rm(temporary, { force: true });
      throw error;
    });
  }

  private integrityError(sha256: string) {
    return new AppError(ErrorCode.INTEGRITY_ERROR, `Stored file ${sha256.slice(0, 12)}… failed its integrity check`);
  }

  private pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new AppError(ErrorCode.BAD_USER_INPUT, 'Not a SHA-256');
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }
}
