import { createSocket } from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../../config/config.js';
import { createTestDatabase, DATABASE_KINDS, type OwnerQuery, type TestDatabase } from '../../testing/test-database.js';
import { ChainHeadExporter } from './chain-head-exporter.service.js';
import { verifyAuditChain } from './verify-audit-chain.js';

/** The verifier against tampering that only the owner (or a superuser) can do: the app role cannot (roles.spec). */
describe.each(DATABASE_KINDS)('audit chain on %s', (kind) => {
  let db: TestDatabase;
  let dir: string;
  let headFile: string;
  let ids: string[];
  const verify = () => verifyAuditChain(db.dataSource, headFile);
  /** Owner SQL with the audit table's triggers off, as a tamperer with the owner's rights would do it (a new session each time). */
  const tamper = (work: (query: OwnerQuery) => Promise<unknown>) =>
    db.asOwner(async (query) => {
      await query('ALTER TABLE audit_event DISABLE TRIGGER USER');
      try {
        await work(query);
      } finally {
        await query('ALTER TABLE audit_event ENABLE TRIGGER USER');
      }
    });

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    dir = await mkdtemp(join(tmpdir(), 'oasis-chain-'));
    headFile = join(dir, 'heads.jsonl');
    // One transaction: one connection, so one lane, and rows 1..n of its chain in order.
    ids = await db.dataSource.transaction(async (manager) => {
      const rows: string[] = [];
      for (let i = 0; i < 6; i++) {
        const [row] = await manager.query(`INSERT INTO audit_event (action, resource_type, outcome, details) VALUES ($1, 'test', 'SUCCESS', $2) RETURNING id`, [
          `test.${i}`,
          { n: i },
        ]);
        rows.push(String(row.id));
      }
      return rows;
    });
  });
  afterAll(async () => {
    await db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('verifies rows written concurrently on many connections: the chains never fork', async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        db.dataSource.query(`INSERT INTO audit_event (action, resource_type, outcome) VALUES ($1, 'test', 'SUCCESS')`, [`burst.${i}`]),
      ),
    );
    expect(await verify()).toMatchObject({ ok: true, rows: 46, firstBroken: null });
  });

  it('names a changed row', async () => {
    await tamper((q) => q(`UPDATE audit_event SET details = '{"n": 99}' WHERE id = $1`, [ids[2]]));
    expect((await verify()).firstBroken).toMatchObject({ id: ids[2], seq: 3, reason: expect.stringMatching(/^changed/) });
    await tamper((q) => q(`UPDATE audit_event SET details = '{"n": 2}' WHERE id = $1`, [ids[2]]));
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('names the row after a deleted one', async () => {
    await tamper(async (q) => {
      await q(`CREATE TABLE kept_middle AS SELECT * FROM audit_event WHERE id = $1`, [ids[3]]);
      await q(`DELETE FROM audit_event WHERE id = $1`, [ids[3]]);
    });
    expect((await verify()).firstBroken).toMatchObject({ id: ids[4], seq: 5, reason: expect.stringMatching(/deleted before it/) });
    await tamper(async (q) => {
      await q(`INSERT INTO audit_event OVERRIDING SYSTEM VALUE SELECT * FROM kept_middle`);
      await q(`DROP TABLE kept_middle`);
    });
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('names the last row left when rows are cut from the end of a chain', async () => {
    const [last, before] = await db.dataSource.query(
      `SELECT id, chain_seq AS seq FROM audit_event WHERE (chain_day, chain_lane) = (SELECT chain_day, chain_lane FROM audit_event WHERE id = $1)
       ORDER BY chain_seq DESC LIMIT 2`,
      [ids[0]],
    );
    await tamper(async (q) => {
      await q(`CREATE TABLE kept_last AS SELECT * FROM audit_event WHERE id = $1`, [last.id]);
      await q(`DELETE FROM audit_event WHERE id = $1`, [last.id]);
    });
    expect((await verify()).firstBroken).toMatchObject({ id: String(before.id), seq: Number(before.seq), reason: expect.stringMatching(/deleted after it/) });
    await tamper(async (q) => {
      await q(`INSERT INTO audit_event OVERRIDING SYSTEM VALUE SELECT * FROM kept_last`);
      await q(`DROP TABLE kept_last`);
    });
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('names a row inserted out of order', async () => {
    await tamper((q) =>
      q(`INSERT INTO audit_event (action, resource_type, outcome, chain_day, chain_lane, chain_seq, row_hash)
         SELECT 'forged', 'test', 'SUCCESS', chain_day, chain_lane, chain_seq, row_hash FROM audit_event WHERE id = $1`, [ids[1]]),
    );
    const { firstBroken } = await verify();
    expect(firstBroken).toMatchObject({ seq: 2, reason: expect.stringMatching(/out of order/) });
    expect(firstBroken!.id).not.toBe(ids[1]);
    await tamper((q) => q(`DELETE FROM audit_event WHERE action = 'forged'`));
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('detects the whole trail deleted against the exported chain heads', async () => {
    const syslog = createSocket('udp4');
    await new Promise<void>((resolve) => syslog.bind(0, '127.0.0.1', resolve));
    const received = new Promise<string>((resolve) => syslog.once('message', (message) => resolve(message.toString())));
    const config = { auditHeadFile: headFile, auditHeadSyslog: `udp://127.0.0.1:${syslog.address().port}`, auditHeadExportSeconds: 300 };
    const exporter = new ChainHeadExporter(db.dataSource, config as AppConfig);
    const heads = await exporter.export();
    expect(heads.length).toBeGreaterThan(0);
    expect(await received).toMatch(new RegExp(`^<110>1 \\S+ \\S+ oasis-api \\d+ audit-chain-head - .*"${heads[0].hash}"`));
    syslog.close();
    expect(await exporter.export()).toEqual([]);
    expect(await verify()).toMatchObject({ ok: true, exportedHeadsChecked: expect.any(Number) });
    await tamper(async (q) => {
      await q('DELETE FROM audit_event');
      await q('DELETE FROM audit_chain_head');
    });
    // Without the export the empty table would look like a fresh one.
    expect(await verifyAuditChain(db.dataSource)).toMatchObject({ ok: true, rows: 0 });
    expect(await verify()).toMatchObject({ ok: false, firstBroken: { id: null, reason: expect.stringMatching(/exported at/) } });
  });
});
