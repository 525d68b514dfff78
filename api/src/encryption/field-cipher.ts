import { createHmac } from 'node:crypto';
import { AppError } from '../common/app-error.js';
import { ErrorCode } from '../common/error-codes.js';
import { isUuid } from '../common/uuid.js';
import { open, seal } from './envelope.js';
import type { Keyring } from './keyring.js';

const PREFIX = 'v1';

/**
 * Column values encrypted with a purpose's data key: `v1:<data key id>:<base64 nonce|tag|ciphertext>`, bound to
 * where they live (`context`, e.g. "patient.phone:<id>") so a value copied to another row or column does not
 * open. Lookups use a blind index: a keyed HMAC of the normalised value, with its own data key.
 */
export class FieldCipher {
  constructor(private readonly keys: Keyring) {}

  async sealText(purpose: string, value: string | null | undefined, context: string): Promise<string | null> {
    if (value === null || value === undefined) return null;
    const { id, key } = await this.keys.dataKey(purpose);
    return `${PREFIX}:${id}:${seal(key, Buffer.from(value, 'utf8'), context).toString('base64')}`;
  }

  async openText(stored: string | null, context: string): Promise<string | null> {
    if (stored === null) return null;
    const [prefix, keyId, body] = stored.split(':');
    if (prefix !== PREFIX || !keyId || !isUuid(keyId) || !body) throw this.unreadable(context);
    const key = await this.keys.dataKeyById(keyId);
    try {
      return open(key, Buffer.from(body, 'base64'), context).toString('utf8');
    } catch {
      throw this.unreadable(context);
    }
  }

  /** Equal normalised values give equal indexes; without the key nobody can test a guess against one. */
  async blindIndex(purpose: string, normalised: string | null | undefined): Promise<string | null> {
    if (normalised === null || normalised === undefined || normalised === '') return null;
    const { key } = await this.keys.dataKey(`${purpose}#index`);
    return createHmac('sha256', key).update(normalised, 'utf8').digest('hex');
  }

  private unreadable(context: string) {
    return new AppError(ErrorCode.INTEGRITY_ERROR, `An encrypted value (${context.split(':')[0]}) could not be decrypted`);
  }
}
