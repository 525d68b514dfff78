import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { EventEmitter } from 'node:events';
import { PGlite } from '@electric-sql/pglite';
import { ensureRole, ident } from './ensure-role.js';

/**
 * A `pg`-compatible pool over one embedded PGlite database, for TypeORM's postgres driver.
 *
 * PGlite has a single connection. If two requests shared it freely, one request's statements would run
 * inside the other's open transaction. So each TypeORM query runner holds the connection exclusively from
 * `connect` until `release`: transactions stay isolated and nothing is half-written.
 */
type Callback<T> = (error: Error | null, result?: T) => void;

interface PgLikeResult {
  rows: unknown[];
  rowCount: number;
  command: string;
  fields: unknown[];
}

const ACQUIRE_TIMEOUT_MS = 30_000;

export class PGlitePool extends EventEmitter {
  private readonly db: Promise<PGlite>;
  private held = false;
  private readonly waiting: Array<() => void> = [];

  /** With a role, every statement runs as that role (the API's), which is created if missing. */
  constructor(dataDir: string | undefined, role?: string) {
    super();
    if (dataDir) mkdirSync(dirname(dataDir), { recursive: true });
    this.db = PGlite.create(dataDir ?? 'memory://').then(async (db) => {
      if (role) await actAs(db, role);
      return db;
    });
  }

  /** TypeORM's postgres driver loads `{ Pool }` from the module it is given. */
  static driverFor(dataDir: string | undefined, role?: string): { Pool: new () => PGlitePool } {
    return {
      Pool: class extends PGlitePool {
        constructor() {
          super(dataDir, role);
        }
      },
    };
  }

  connect(callback: (error: Error | null, client: PGliteClient | null, release: () => void) => void): void {
    this.acquire().then(
      async () => {
        const client = new PGliteClient(await this.db);
        let released = false;
        callback(null, client, () => {
          if (released) return;
          released = true;
          this.releaseLock();
        });
      },
      (error: Error) => callback(error, null, () => undefined),
    );
  }

  async query(sql: string, params?: unknown[] | Callback<PgLikeResult>, callback?: Callback<PgLikeResult>) {
    await this.acquire();
    try {
      return await new PGliteClient(await this.db).query(sql, params, callback);
    } finally {
      this.releaseLock();
    }
  }

  end(callback?: (error: Error | null) => void): void {
    // A database that already went away (closed under the API) has nothing left to end.
    this.db.then((db) => (db.closed ? undefined : db.close())).then(
      () => callback?.(null),
      (error: Error) => callback?.(error),
    );
  }

  private acquire(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        const index = this.waiting.indexOf(grant);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(new Error(`Embedded database busy for ${ACQUIRE_TIMEOUT_MS} ms (a transaction may be waiting on itself)`));
      }, ACQUIRE_TIMEOUT_MS);
      this.waiting.push(grant);
    });
  }

  private releaseLock(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held = false;
  }
}

/**
 * PGlite's one session starts as its built-in superuser; this drops to the app role for the rest of it. The
 * database is opened as its superuser, so SQL that sets the authorisation back on purpose could climb back: on
 * PGlite roles stop the API's ordinary statements, and the audit hash chain is what detects the rest.
 */
async function actAs(db: PGlite, role: string) {
  await ensureRole({ query: (sql: string, params?: unknown[]) => db.query(sql, params).then((r) => r.rows) }, role);
  await db.exec(`SET SESSION AUTHORIZATION ${ident(role)}`);
}

/** The slice of `pg.Client` that TypeORM uses, with results shaped like pg's. */
export class PGliteClient extends EventEmitter {
  constructor(private readonly db: PGlite) {
    super();
  }

  async query(sql: string, params?: unknown[] | Callback<PgLikeResult>, callback?: Callback<PgLikeResult>) {
    const cb = typeof params === 'function' ? params : callback;
    const values = Array.isArray(params) ? params : [];
    try {
      // Parameterless SQL may hold several statements (migrations): `exec` runs them all, pg-style.
      const raw = values.length > 0 ? await this.db.query(sql, values) : (await this.db.exec(sql)).at(-1);
      const result: PgLikeResult = {
        rows: raw?.rows ?? [],
        rowCount: raw?.affectedRows ?? raw?.rows.length ?? 0,
        command: /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? '',
        fields: raw?.fields ?? [],
      };
      cb?.(null, result);
      return result;
    } catch (error) {
      cb?.(error as Error);
      throw error;
    }
  }
}
