import type { TestApp } from './test-app.js';

/** The model version a region serves in this portal, and whether it passed its release gate (a validated call). */
export async function servedModel(api: TestApp, region: 'BREAST' | 'THYROID'): Promise<{ version: string; validated: boolean }> {
  const admin = await api.signIn('admin');
  const versions = (await api.gql<{ modelVersions: Array<{ region: string; version: string; status: string; gate: { passed: boolean } }> }>(
    '{ modelVersions { region version status gate { passed } } }',
    {},
    admin,
  )).data!.modelVersions;
  const served = versions.find((v) => v.region === region && v.status === 'ACTIVE');
  if (!served) throw new Error(`No ${region} model is served`);
  return { version: served.version, validated: served.gate.passed };
}
