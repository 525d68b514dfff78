import { readFile } from 'node:fs/promises';
import type { Sql } from '../../database/ensure-role.js';

/** Where one chain (a UTC day's lane) ended when it was read. */
export interface ChainHead {
  chain: string;
  seq: number;
  hash: string;
}

/** One line of the head file: heads read at a time, or the day before which rows were archived and purged. */
export type HeadFileLine = { exportedAt: string; heads: ChainHead[] } | { purgedBefore: string; archive: string; at: string };

export const chainName = (day: string, lane: number) => `${day}/${lane}`;

/** The heads of the chains of `sinceDay` and after (all when omitted), as the database keeps them. */
export async function readChainHeads(sql: Sql, sinceDay?: string): Promise<ChainHead[]> {
  const rows: Array<{ day: string; lane: number; seq: string; hash: string }> = await sql.query(
    `SELECT chain_day::text AS day, chain_lane AS lane, seq, hash FROM audit_chain_head
     WHERE $1::date IS NULL OR chain_day >= $1::date ORDER BY chain_day, chain_lane`,
    [sinceDay ?? null],
  );
  return rows.map((r) => ({ chain: chainName(r.day, Number(r.lane)), seq: Number(r.seq), hash: r.hash }));
}

/** The head file's lines; none when it does not exist yet. */
export async function readHeadFile(path: string): Promise<HeadFileLine[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as HeadFileLine);
}
