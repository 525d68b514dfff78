import 'reflect-metadata';
import { createWriteStream } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../config/config.js';
import { dataSourceOptions } from '../../database/data-source-options.js';
import type { Sql } from '../../database/ensure-role.js';
import { readChainHeads } from './chain-heads.js';
import { verifyAuditChain } from './verify-audit-chain.js';

/** Audit rows are kept at least this long in the database before they may be archived and purged. */
export const AUDIT_RETENTION_DAYS = 183;

export type ArchiveResult =
  | { ok: true; archive: string; rows: number; purgedBefore: string }
  | { ok: false; code: 'RETENTION_TOO_SHORT' | 'AUDIT_CHAIN_BROKEN' | 'INVALID_DATE'; message: string };

const BATCH = 5000;

/**
 * Archives the audit rows of the days before `before` (UTC) and purges them, with the owner's rights (the app
 * role can never delete): the whole chain is verified first; the archive (gzipped JSON lines: every row with its
 * chain columns, then the archived chains' heads) is written and flushed; then one transaction deletes the rows
 * and their heads; last, the head file records the purge so the verifier no longer expects those chains.
 */
export async function archiveAudit(
  owner: Sql,
  { before, archiveDir, headFile, now = new Date() }: { before: string; archiveDir: string; headFile: string; now?: Date },
): Promise<ArchiveResult> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(before) || Number.isNaN(Date.parse(before))) return { ok: false, code: 'INVALID_DATE', message: `--before ${before}: not a YYYY-MM-DD date` };
  const newest = new Date(now.getTime() - AUDIT_RETENTION_DAYS * 86_400_000).toISOString().slice(0, 10);
  if (before > newest) {
    return { ok: false, code: 'RETENTION_TOO_SHORT', message: `audit rows are kept ${AUDIT_RETENTION_DAYS} days: --before must be ${newest} or earlier` };
  }
  const verified = await verifyAuditChain(owner, headFile);
  if (!verified.ok) return { ok: false, code: 'AUDIT_CHAIN_BROKEN', message: `not archiving a broken chain: ${JSON.stringify(verified.firstBroken)}` };

  await mkdir(archiveDir, { recursive: true });
  const archive = join(archiveDir, `audit-before-${before}-${now.toISOString().replace(/[:.]/g, '')}.jsonl.gz`);
  let rows = 0;
  async function* lines() {
    let after = '0';
    for (;;) {
      const batch: Array<{ id: string }> = await owner.query(
        `SELECT * FROM audit_event WHERE chain_day < $1::date AND id > $2::bigint ORDER BY id LIMIT ${BATCH}`,
        [before, after],
      );
      for (const row of batch) yield `${JSON.stringify(row)}\n`;
      rows += batch.length;
      if (batch.length < BATCH) break;
      after = String(batch.at(-1)!.id);
    }
    const heads = (await readChainHeads(owner)).filter((h) => h.chain < before);
    yield `${JSON.stringify({ heads })}\n`;
  }
  await pipeline(Readable.from(lines()), createGzip(), createWriteStream(archive, { flags: 'wx', mode: 0o600 }));

  await owner.query('BEGIN');
  try {
    // The append-only trigger is the owner's to lift, for this transaction's purge only.
    await owner.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete');
    await owner.query('DELETE FROM audit_event WHERE chain_day < $1::date', [before]);
    await owner.query('DELETE FROM audit_chain_head WHERE chain_day < $1::date', [before]);
    await owner.query('ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_delete');
    await owner.query('COMMIT');
  } catch (error) {
    await owner.query('ROLLBACK');
    throw error;
  }
  await appendFile(headFile, `${JSON.stringify({ purgedBefore: before, archive, at: now.toISOString() })}\n`, { mode: 0o600 });
  return { ok: true, archive, rows, purgedBefore: before };
}

/** `npm run -s audit:archive -- --before YYYY-MM-DD [--to DIR]`, as the owner; the last line is one JSON object. */
async function main() {
  const args = process.argv.slice(2);
  const option = (name: string) => args[args.indexOf(name) + 1];
  const config = loadConfig();
  const dataSource = new DataSource(dataSourceOptions(config, 'disk', 'owner'));
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    const result = await archiveAudit(runner, {
      before: args.includes('--before') ? option('--before') : '',
      archiveDir: args.includes('--to') ? option('--to') : join(config.dataDir, 'audit-archive'),
      headFile: config.auditHeadFile,
    });
    console.log(JSON.stringify(result));
    process.exitCode = result.ok ? 0 : 1;
  } finally {
    await runner.release();
    await dataSource.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.log(JSON.stringify({ ok: false, code: 'FAILED', message: error instanceof Error ? error.message : String(error) }));
    process.exitCode = 2;
  });
}
