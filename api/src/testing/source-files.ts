import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The TypeScript sources below `dir`, specs left out: what specs that read the code itself go through. */
export function tsSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsSources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}
