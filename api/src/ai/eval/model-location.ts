import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isAnatomicalRegion } from '../inference/region.js';

/** Compares "1.10.0" > "1.9.2" numerically. */
function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** models/<region>/<version>: the given version, else the highest version that has a model.onnx. */
export function locateModel(modelsDir: string, spec: string): { region: string; version: string; dir: string } {
  const [region, version] = spec.split('/');
  if (!isAnatomicalRegion(region)) throw new Error(`unknown region "${region}"`);
  const regionDir = join(modelsDir, region);
  const versions = existsSync(regionDir)
    ? readdirSync(regionDir).filter((v) => /^\d+(\.\d+)*$/.test(v) && existsSync(join(regionDir, v, 'model.onnx')))
    : [];
  if (versions.length === 0) throw new Error(`no AI model for the region "${region}" in ${regionDir}`);
  const chosen = version ?? versions.sort(compareVersions).at(-1)!;
  if (!versions.includes(chosen)) throw new Error(`no model ${region}/${chosen} in ${modelsDir} (available: ${versions.join(', ')})`);
  return { region, version: chosen, dir: join(regionDir, chosen) };
}
