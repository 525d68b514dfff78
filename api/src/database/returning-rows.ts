/**
 * The rows of an `UPDATE … RETURNING` run through `dataSource.query`: TypeORM's postgres driver answers an
 * UPDATE with `[rows, affected]`, other statements with the rows.
 */
export function returningRows<T>(result: unknown): T[] {
  const list = result as unknown[];
  return (Array.isArray(list[0]) ? list[0] : list) as T[];
}
