import { readdir, readFile, rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { AppConfig } from '../../config/config.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../testing/test-database.js';
import { archiveAudit } from './archive-audit.js';
import { ChainHeadExporter } from './chain-head-exporter.service.js';
import { verifyAuditChain } from './verify-audit-chain.js';

describe.each(DATABASE_KINDS)('audit archive and purge on %s', (kind) => {
  let db: TestDatabase;
  let dir: string;
  const today = new Date().toISOString().slice(0, 10);
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    dir = await mkdtemp(join(tmpdir(), 'oasis-archive-'));
    for (let i = 0; i < 3; i++) await db.dataSource.query(`INSERT INTO audit_event (action, resource_type, outcome) VALUES ($1, 'test', 'SUCCESS')`, [`a.${i}`]);
  });
  afterAll(async () => {
    await db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const options = (now = new Date()) => ({ before: tomorrow, archiveDir: join(dir, 'archive'), headFile: join(dir, 'heads.jsonl'), now });

  it('keeps six months: a purge of younger rows is refused and deletes nothing', async () => {
    const result = await db.asOwner((query) => archiveAudit({ query }, options()));
    expect(result).toMatchObject({ ok: false, code: 'RETENTION_TOO_SHORT' });
    expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM audit_event`)).toEqual([{ n: 3 }]);
  });

  it('refuses to archive a broken chain', async () => {
    await db.asOwner(async (query) => {
      await query('ALTER TABLE audit_event DISABLE TRIGGER USER');
      await query(`INSERT INTO audit_event (action, resource_type, outcome, chain_day, chain_lane, chain_seq, row_hash) VALUES ('forged', 't', 'SUCCESS', $1, 0, 1, $2)`, [today, 'f'.repeat(64)]);
      await query('ALTER TABLE audit_event ENABLE TRIGGER USER');
    });
    const later = new Date(Date.now() + 200 * 86_400_000);
    expect(await db.asOwner((query) => archiveAudit({ query }, options(later)))).toMatchObject({ ok: false, code: 'AUDIT_CHAIN_BROKEN' });
    await db.asOwner(async (query) => {
      await query('ALTER TABLE audit_event DISABLE TRIGGER USER');
      await query(`DELETE FROM audit_event WHERE action = 'forged'`);
      await query('ALTER TABLE audit_event ENABLE TRIGGER USER');
    });
  });

  it('archives verified rows with their chain heads, purges them, and the chain still verifies against the export', async () => {
    const { headFile } = options();
    await new ChainHeadExporter(db.dataSource, { auditHeadFile: headFile, auditHeadExportSeconds: 300 } as AppConfig).export();
    const later = new Date(Date.now() + 200 * 86_400_000);
    const result = await db.asOwner((query) => archiveAudit({ query }, options(later)));
    expect(result).toMatchObject({ ok: true, rows: 3, purgedBefore: tomorrow });

    const [file] = await readdir(join(dir, 'archive'));
    const lines = gunzipSync(await readFile(join(dir, 'archive', file))).toString().trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.slice(0, 3).map((r) => r.action)).toEqual(['a.0', 'a.1', 'a.2']);
    expect(lines[0]).toMatchObject({ chain_seq: expect.anything(), row_hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(lines[3].heads).toEqual([expect.objectContaining({ chain: expect.stringMatching(new RegExp(`^${today}/`)), seq: 3 })]);

    expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM audit_event`)).toEqual([{ n: 0 }]);
    expect(await verifyAuditChain(db.dataSource, headFile)).toMatchObject({ ok: true, rows: 0 });
    // The append-only trigger is back on after the purge.
    await db.dataSource.query(`INSERT INTO audit_event (action, resource_type, outcome) VALUES ('after', 'test', 'SUCCESS')`);
    await db.asOwner((query) => expect(query(`DELETE FROM audit_event`)).rejects.toThrow(/append-only/));
  });
});
