/** Field-level before/after of a change, for the audit trail. Secrets never reach it: pass only safe fields. */
export function diff<T extends object>(before: T, after: T, ignore: ReadonlyArray<keyof T> = []): Record<string, { from: unknown; to: unknown }> {
  const changed: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after) as Array<keyof T>) {
    if (ignore.includes(key) || key === 'updatedAt') continue;
    const from = before[key];
    const to = after[key];
    if (JSON.stringify(from) !== JSON.stringify(to)) changed[String(key)] = { from, to };
  }
  return changed;
}
