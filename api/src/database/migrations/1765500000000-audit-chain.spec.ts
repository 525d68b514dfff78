import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { verifyAuditChain } from '../../audit/chain/verify-audit-chain.js';
import { dataSourceOptions } from '../data-source-options.js';
import { POSTGRES_SERVER_URL, postgresAdminQuery } from '../postgres-admin.js';
import { DATABASE_KINDS, dropPostgresDatabase } from '../../testing/test-database.js';
import { AuditChain1765500000000 } from './1765500000000-audit-chain.js';
import { MIGRATIONS } from './index.js';

/** An installation with audit rows from before the chain: the migration chains them, day by day. */
describe.each(DATABASE_KINDS)('audit chain migration on %s', (kind) => {
  let dataSource: DataSource;
  let databaseUrl: string | undefined;
  const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(AuditChain1765500000000));

  beforeAll(async () => {
    if (kind === 'postgres') {
      const name = `oasis_test_${randomBytes(6).toString('hex')}`;
      await postgresAdminQuery(`CREATE DATABASE ${name}`);
      const url = new URL(POSTGRES_SERVER_URL);
      url.pathname = `/${name}`;
      databaseUrl = url.toString();
    }
    const options = dataSourceOptions({ databaseUrl, dataDir: '' }, 'memory', 'owner');
    dataSource = new DataSource({ ...options, migrations: before });
    await dataSource.initialize();
    await dataSource.runMigrations();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    if (databaseUrl) await dropPostgresDatabase(databaseUrl);
  });

  it('chains the rows already there, and new rows after them', async () => {
    for (const [day, action] of [['2026-01-02', 'a'], ['2026-01-01', 'b'], ['2026-01-02', 'c']]) {
      await dataSource.query(`INSERT INTO audit_event (occurred_at, action, resource_type, outcome, details) VALUES ($1, $2, 'test', 'SUCCESS', '{"x": [1, "é"]}')`, [
        `${day}T10:00:00.123456Z`,
        action,
      ]);
    }
    const runner = dataSource.createQueryRunner();
    try {
      await new AuditChain1765500000000().up(runner);
    } finally {
      await runner.release();
    }
    const rows = await dataSource.query(`SELECT action, chain_day::text AS day, chain_lane AS lane, chain_seq::int AS seq FROM audit_event ORDER BY chain_day, chain_seq`);
    expect(rows).toEqual([
      { action: 'b', day: '2026-01-01', lane: 0, seq: 1 },
      { action: 'a', day: '2026-01-02', lane: 0, seq: 1 },
      { action: 'c', day: '2026-01-02', lane: 0, seq: 2 },
    ]);
    await dataSource.query(`INSERT INTO audit_event (action, resource_type, outcome) VALUES ('after', 'test', 'SUCCESS')`);
    expect(await verifyAuditChain(dataSource)).toMatchObject({ ok: true, rows: 4, chains: 3 });
  });
});
