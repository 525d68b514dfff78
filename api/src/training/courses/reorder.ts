import type { EntityManager } from 'typeorm';
import { AppError } from '../../common/app-error.js';
import { ErrorCode } from '../../common/error-codes.js';

/** The ordered lists of a course: their table, the column naming the parent, and which rows are in the list. */
const LISTS = {
  module: { table: 'course_module', parent: 'course_id', live: 'true' },
  lesson: { table: 'lesson', parent: 'module_id', live: 'true' },
  question: { table: 'question', parent: 'course_id', live: "state <> 'SUPERSEDED'" },
} as const;

/**
 * Puts a parent's items in the given order (positions 1..n). The list must name every item once: a list from
 * a page opened before someone else added or deleted one is refused (CONFLICT) rather than half applied.
 * Positions are unique per parent, so rows first move to negative positions, then to their places.
 */
export async function reorder(manager: EntityManager, list: keyof typeof LISTS, parentId: string, ids: string[]): Promise<void> {
  const { table, parent, live } = LISTS[list];
  const rows: Array<{ id: string }> = await manager.query(`SELECT id FROM ${table} WHERE ${parent} = $1 AND ${live} FOR UPDATE`, [parentId]);
  const current = new Set(rows.map((r) => r.id));
  if (ids.length !== current.size || new Set(ids).size !== ids.length || ids.some((id) => !current.has(id))) {
    throw new AppError(ErrorCode.CONFLICT, 'The list changed since it was loaded: reload and order it again', { expected: current.size, given: ids.length });
  }
  await manager.query(`UPDATE ${table} t SET position = -o.n FROM unnest($1::uuid[]) WITH ORDINALITY AS o(id, n) WHERE t.id = o.id`, [ids]);
  await manager.query(`UPDATE ${table} SET position = -position WHERE ${parent} = $1 AND position < 0`, [parentId]);
}
