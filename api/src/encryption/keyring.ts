import { randomUUID } from 'node:crypto';
import { returningRows } from '../database/returning-rows.js';
import { masterKeyId, newKey, open, seal } from './envelope.js';

/** DataSource, EntityManager and QueryRunner all answer this; migrations use the keyring through it too. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

export interface MasterKeys {
  current: Buffer;
  previous: Buffer[];
}

export interface DataKey {
  id: string;
  key: Buffer;
}

interface DataKeyRow {
  id: string;
  purpose: string;
  wrapped: string;
  master_key_id: string;
}

const wrapContext = (row: Pick<DataKeyRow, 'id' | 'purpose'>) => `data-key:${row.id}:${row.purpose}`;

/**
 * Envelope encryption: one data key per purpose (a table's column family, the blob store), random, kept in
 * `data_key` only wrapped (AES-256-GCM) by the master key, which lives outside the database. Rotating the
 * master key re-wraps these few rows; nothing encrypted with the data keys has to change.
 */
export class Keyring {
  private readonly byPurpose = new Map<string, Promise<DataKey>>();
  private readonly byId = new Map<string, Promise<Buffer>>();
  private readonly masters: Map<string, Buffer>;
  readonly currentMasterKeyId: string;

  constructor(
    master: MasterKeys,
    private readonly db: Queryable,
  ) {
    this.currentMasterKeyId = masterKeyId(master.current);
    this.masters = new Map([master.current, ...master.previous].map((key) => [masterKeyId(key), key]));
  }

  /** The data key of a purpose, created on first use (two processes at once agree on one). */
  dataKey(purpose: string): Promise<DataKey> {
    return this.cached(this.byPurpose, purpose, async () => {
      let row = await this.find('purpose', purpose);
      if (!row) {
        const fresh = { id: randomUUID(), purpose };
        const wrapped = seal(this.masters.get(this.currentMasterKeyId)!, newKey(), wrapContext(fresh)).toString('base64');
        await this.db.query(
          `INSERT INTO data_key (id, purpose, wrapped, master_key_id) VALUES ($1, $2, $3, $4) ON CONFLICT (purpose) DO NOTHING`,
          [fresh.id, purpose, wrapped, this.currentMasterKeyId],
        );
        row = (await this.find('purpose', purpose))!;
      }
      return { id: row.id, key: this.unwrap(row) };
    });
  }

  /** The data key a stored value names. */
  dataKeyById(id: string): Promise<Buffer> {
    return this.cached(this.byId, id, async () => {
      const row = await this.find('id', id);
      if (!row) throw new Error(`Data key ${id} does not exist`);
      return this.unwrap(row);
    });
  }

  /**
   * Re-wraps every data key still wrapped by an earlier master key with the current one (rotation). Each row is
   * updated only if nobody re-wrapped it meanwhile, so several instances may run this at once. Returns how many
   * were re-wrapped by this call.
   */
  async rewrapAll(): Promise<number> {
    const rows = (await this.db.query(`SELECT id, purpose, wrapped, master_key_id FROM data_key WHERE master_key_id <> $1`, [this.currentMasterKeyId])) as DataKeyRow[];
    let rewrapped = 0;
    for (const row of rows) {
      const wrapped = seal(this.masters.get(this.currentMasterKeyId)!, this.unwrap(row), wrapContext(row)).toString('base64');
      const result = await this.db.query(
        `UPDATE data_key SET wrapped = $1, master_key_id = $2, rewrapped_at = now() WHERE id = $3 AND master_key_id = $4 RETURNING id`,
        [wrapped, this.currentMasterKeyId, row.id, row.master_key_id],
      );
      rewrapped += returningRows(result).length;
    }
    return rewrapped;
  }

  /** Data keys wrapped by a master key other than the current one (0 = an old key may be retired). */
  async pendingRewrap(): Promise<number> {
    const [row] = (await this.db.query(`SELECT count(*)::int AS count FROM data_key WHERE master_key_id <> $1`, [this.currentMasterKeyId])) as Array<{ count: number }>;
    return row!.count;
  }

  private unwrap(row: DataKeyRow): Buffer {
    const master = this.masters.get(row.master_key_id);
    if (!master) {
      throw new Error(
        `Data key "${row.purpose}" is wrapped by master key ${row.master_key_id}, which is not configured: set it as OASIS_MASTER_KEY or in OASIS_PREVIOUS_MASTER_KEYS`,
      );
    }
    return open(master, Buffer.from(row.wrapped, 'base64'), wrapContext(row));
  }

  private async find(column: 'id' | 'purpose', value: string): Promise<DataKeyRow | undefined> {
    const rows = (await this.db.query(`SELECT id, purpose, wrapped, master_key_id FROM data_key WHERE ${column} = $1`, [value])) as DataKeyRow[];
    return rows[0];
  }

  /** Caches successes only: a failed load (database down) is tried again next time. */
  private cached<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
    let entry = cache.get(key);
    if (!entry) {
      entry = load();
      cache.set(key, entry);
      entry.catch(() => cache.delete(key));
    }
    return entry;
  }
}
