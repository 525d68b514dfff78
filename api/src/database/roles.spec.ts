import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../testing/test-database.js';
import { appRoleProblem } from './app-role-check.service.js';
import { ensureRole } from './ensure-role.js';
import { POSTGRES_SERVER_URL, postgresAdminQuery } from './postgres-admin.js';
import { grantAppRole } from './roles.js';

/** The audit-tamper attempts of the security probe, made as the API's own database role: each must fail. */
describe.each(DATABASE_KINDS)('database roles on %s', (kind) => {
  let db: TestDatabase;
  const asApp = (sql: string, params?: unknown[]) => db.dataSource.query(sql, params);
  const insertAudit = (extra = '', value = '') =>
    asApp(`INSERT INTO audit_event (action, resource_type, outcome${extra}) VALUES ('probe', 'test', 'SUCCESS'${value}) RETURNING id`);

  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(() => db?.close());

  it('connects the app as a role that is no superuser and owns nothing', async () => {
    const [me] = await asApp(`SELECT rolsuper, rolcreaterole, (SELECT count(*)::int FROM pg_class WHERE relowner = r.oid) AS owned
      FROM pg_roles r WHERE rolname = current_user`);
    expect(me).toEqual({ rolsuper: false, rolcreaterole: false, owned: 0 });
    expect(await appRoleProblem(db.dataSource)).toBeNull();
  });

  it('tells the owner apart, so the API refuses to run as it in production', async () => {
    expect(await db.asOwner((query) => appRoleProblem({ query }))).toMatch(kind === 'pglite' ? /superuser/ : /owns \d+/);
  });

  it.each([
    ['turning triggers off for the session', `SET session_replication_role = replica`, /permission denied/],
    ['disabling the append-only trigger', `ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete`, /must be owner/],
    ['dropping the append-only trigger', `DROP TRIGGER audit_event_no_update_delete ON audit_event`, /must be owner/],
    ['dropping the chain trigger', `DROP TRIGGER audit_event_chain ON audit_event`, /must be owner/],
    [
      'replacing the trigger function',
      `CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`,
      /must be owner|permission denied/,
    ],
    ['updating an audit row', `UPDATE audit_event SET action = 'x'`, /permission denied/],
    ['deleting audit rows', `DELETE FROM audit_event`, /permission denied/],
    ['truncating the audit table', `TRUNCATE audit_event`, /permission denied/],
    ['moving a chain head', `UPDATE audit_chain_head SET seq = 0`, /permission denied/],
    ['dropping the audit table', `DROP TABLE audit_event`, /must be owner/],
    ['creating its own table', `CREATE TABLE probe (id int)`, /permission denied/],
  ])('refuses %s', async (_what, sql, error) => {
    await expect(asApp(sql)).rejects.toThrow(error);
  });

  it('refuses back-dated and forward-dated rows: the database sets the time', async () => {
    await expect(insertAudit(', occurred_at', `, now() - interval '30 days'`)).rejects.toThrow(/set by the database/);
    await expect(insertAudit(', occurred_at', `, now() + interval '1 hour'`)).rejects.toThrow(/set by the database/);
    const [row] = await insertAudit();
    const [stored] = await asApp(`SELECT occurred_at > now() - interval '1 minute' AS database_time FROM audit_event WHERE id = $1`, [row.id]);
    expect(stored.database_time).toBe(true);
  });

  it('ignores chain values a writer supplies', async () => {
    const [row] = await insertAudit(', chain_seq, row_hash', `, 1, '${'0'.repeat(64)}'`);
    const [stored] = await asApp(`SELECT chain_seq, row_hash FROM audit_event WHERE id = $1`, [row.id]);
    expect(stored.row_hash).not.toBe('0'.repeat(64));
    expect(Number(stored.chain_seq)).toBeGreaterThan(0);
  });

  it('grants the app role tables that later migrations create, and the grant step is idempotent', async () => {
    const [{ user: appRole }] = await asApp(`SELECT current_user AS user`);
    const owner = await db.asOwner(async (query) => {
      await query(`CREATE TABLE later_feature (id int PRIMARY KEY, note text)`);
      return (await query(`SELECT current_user AS user`))[0].user;
    });
    expect(owner).not.toBe(appRole);
    await asApp(`INSERT INTO later_feature VALUES (1, 'a'), (2, 'b')`);
    await asApp(`UPDATE later_feature SET note = 'c' WHERE id = 2`);
    await asApp(`DELETE FROM later_feature WHERE id = 1`);
    expect(await asApp(`SELECT note FROM later_feature`)).toEqual([{ note: 'c' }]);
    await db.asOwner(async (query) => {
      await grantAppRole({ query }, appRole);
      await grantAppRole({ query }, appRole);
    });
    await expect(asApp(`DELETE FROM audit_event`)).rejects.toThrow(/permission denied/);
    expect(await asApp(`SELECT count(*)::int AS n FROM migrations`)).toEqual([{ n: expect.any(Number) }]);
  });
});

describe('cluster-wide roles', () => {
  it('are created once when many test processes ask at the same moment', async () => {
    const name = `oasis_race_${randomBytes(4).toString('hex')}`;
    // One connection each, as separate test processes have.
    const admin = { query: (sql: string) => postgresAdminQuery(sql) };
    try {
      await Promise.all(Array.from({ length: 8 }, () => ensureRole(admin, name)));
      const client = new pg.Client({ connectionString: POSTGRES_SERVER_URL });
      await client.connect();
      const { rows } = await client.query(`SELECT rolcanlogin, rolsuper FROM pg_roles WHERE rolname = $1`, [name]).finally(() => client.end());
      expect(rows).toEqual([{ rolcanlogin: true, rolsuper: false }]);
    } finally {
      await postgresAdminQuery(`DROP ROLE IF EXISTS ${name}`);
    }
  });
});
