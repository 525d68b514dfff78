import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../config/config.js';
import { dataSourceOptions } from '../../database/data-source-options.js';
import type { Sql } from '../../database/ensure-role.js';
import { auditCanonicalV1 } from './canonical.js';
import { type ChainHead, chainName, readChainHeads, readHeadFile } from './chain-heads.js';

export interface BrokenRow {
  /** The audit row where the chain breaks (null when the row itself is gone). */
  id: string | null;
  chain: string;
  seq: number;
  reason: string;
}

export interface ChainVerification {
  ok: boolean;
  rows: number;
  chains: number;
  /** Exported heads compared with the database. */
  exportedHeadsChecked: number;
  firstBroken: BrokenRow | null;
}

interface ChainRow {
  id: string;
  day: string;
  lane: number;
  seq: string;
  hash: string;
  canonical: string;
}

/** The last row verified on a chain. */
interface ChainEnd {
  chain: string;
  seq: number;
  hash: string;
  id: string;
}

const BATCH = 2000;
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Recomputes every row's hash from its content and the previous row's hash, chain by chain, checks that the
 * sequence has no gap or repeat and ends where the chain head says, then that every head exported to the head
 * file is still in the database unchanged (which catches a table emptied or rebuilt by someone who can).
 * The canonical text is computed by this query, not by a function stored in the database.
 */
export async function verifyAuditChain(sql: Sql, headFile?: string): Promise<ChainVerification> {
  const heads = new Map((await readChainHeads(sql)).map((h) => [h.chain, h]));
  const chains = new Set<string>();
  let current = null as ChainEnd | null;
  let rows = 0;
  const broken = (b: BrokenRow) => ({ ok: false, rows, chains: chains.size, exportedHeadsChecked: 0, firstBroken: b });

  let after: [string, number, string, string] = ['0001-01-01', -1, '0', '0'];
  for (;;) {
    const batch: ChainRow[] = await sql.query(
      `SELECT e.id, e.chain_day::text AS day, e.chain_lane AS lane, e.chain_seq AS seq, e.row_hash AS hash, ${auditCanonicalV1('e')} AS canonical
       FROM audit_event e WHERE (e.chain_day, e.chain_lane, e.chain_seq, e.id) > ($1::date, $2, $3::bigint, $4::bigint)
       ORDER BY e.chain_day, e.chain_lane, e.chain_seq, e.id LIMIT ${BATCH}`,
      after,
    );
    for (const row of batch) {
      row.id = String(row.id);
      const chain = chainName(row.day, Number(row.lane));
      const seq = Number(row.seq);
      if (current?.chain !== chain) {
        const tail = current && checkTail(current, heads.get(current.chain));
        if (tail) return broken(tail);
        current = null;
        chains.add(chain);
      }
      const expected = (current?.seq ?? 0) + 1;
      if (seq < expected) return broken({ id: row.id, chain, seq, reason: 'inserted out of order: its place in the chain is already taken' });
      if (seq > expected) return broken({ id: row.id, chain, seq, reason: `row(s) deleted before it: ${expected}..${seq - 1} missing` });
      const hash = row.hash.trim();
      if (sha256((current?.hash ?? '') + row.canonical) !== hash) {
        return broken({ id: row.id, chain, seq, reason: 'changed: its hash does not match its content and the previous row' });
      }
      current = { chain, seq, hash, id: row.id };
      rows += 1;
    }
    if (batch.length < BATCH) break;
    const end = batch.at(-1)!;
    after = [end.day, Number(end.lane), String(end.seq), end.id];
  }
  const tail = current && checkTail(current, heads.get(current.chain));
  if (tail) return broken(tail);
  const headless = [...heads.values()].find((h) => !chains.has(h.chain));
  if (headless) return broken({ id: null, chain: headless.chain, seq: 1, reason: `every row of the chain deleted (its head says ${headless.seq})` });

  const exported = headFile ? await checkExportedHeads(sql, headFile) : { checked: 0, broken: null };
  if (exported.broken) return { ...broken(exported.broken), exportedHeadsChecked: exported.checked };
  return { ok: true, rows, chains: chains.size, exportedHeadsChecked: exported.checked, firstBroken: null };
}

/** The last row of a chain must be where its head says: rows cut from the end leave the head further on. */
function checkTail(last: ChainEnd, head: ChainHead | undefined): BrokenRow | null {
  const { id, chain, seq } = last;
  if (!head) return { id, chain, seq, reason: 'the chain has no head: the head was deleted' };
  if (head.seq !== seq || head.hash !== last.hash) return { id, chain, seq, reason: `row(s) deleted after it: the chain head is at ${head.seq}` };
  return null;
}

/** The latest exported head of each chain (after the last purge) must still be a row with that hash. */
async function checkExportedHeads(sql: Sql, headFile: string): Promise<{ checked: number; broken: BrokenRow | null }> {
  const latest = new Map<string, ChainHead & { exportedAt: string }>();
  let purgedBefore = '';
  for (const line of await readHeadFile(headFile)) {
    if ('purgedBefore' in line) {
      if (line.purgedBefore > purgedBefore) purgedBefore = line.purgedBefore;
      continue;
    }
    for (const head of line.heads) {
      if ((latest.get(head.chain)?.seq ?? 0) <= head.seq) latest.set(head.chain, { ...head, exportedAt: line.exportedAt });
    }
  }
  let checked = 0;
  for (const head of latest.values()) {
    const [day, lane] = head.chain.split('/');
    if (day < purgedBefore) continue;
    const [row] = await sql.query(`SELECT id, row_hash AS hash FROM audit_event WHERE chain_day = $1::date AND chain_lane = $2 AND chain_seq = $3`, [
      day,
      Number(lane),
      head.seq,
    ]);
    checked += 1;
    if (!row || row.hash.trim() !== head.hash) {
      return {
        checked,
        broken: { id: row ? String(row.id) : null, chain: head.chain, seq: head.seq, reason: `does not match the head exported at ${head.exportedAt}` },
      };
    }
  }
  return { checked, broken: null };
}

/** `npm run -s audit:verify`: the last line is one JSON object; exit status 1 when the chain is broken. */
async function main() {
  const config = loadConfig();
  const dataSource = new DataSource(dataSourceOptions(config));
  await dataSource.initialize();
  try {
    const result = await verifyAuditChain(dataSource, config.auditHeadFile);
    console.log(JSON.stringify(result));
    process.exitCode = result.ok ? 0 : 1;
  } finally {
    await dataSource.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.log(JSON.stringify({ ok: false, error: error instanceof Error ? error.message : String(error) }));
    process.exitCode = 2;
  });
}
