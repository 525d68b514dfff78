import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskBlobStore, sha256Of } from './blob-store.js';

describe('DiskBlobStore', () => {
  let root: string;
  let store: DiskBlobStore;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'oasis-blobs-'));
    store = new DiskBlobStore(root);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('stores bytes once under their SHA-256 and reads them back', async () => {
    const bytes = new TextEncoder().encode('ultrasound frame');
    const first = await store.put(bytes);
    const second = await store.put(bytes);
    expect(first).toBe(sha256Of(bytes));
    expect(second).toBe(first);
    expect((await store.get(first)).toString()).toBe('ultrasound frame');
    expect(await readdir(join(root, first.slice(0, 2), first.slice(2, 4)))).toEqual([first]);
  });

  it('refuses a file whose content no longer matches its address', async () => {
    const sha = await store.put(new TextEncoder().encode('original'));
    await writeFile(join(root, sha.slice(0, 2), sha.slice(2, 4), sha), 'tampered');
    await expect(store.get(sha)).rejects.toMatchObject({ code: 'INTEGRITY_ERROR' });
  });

  it('says NOT_FOUND for a missing file', async () => {
    await expect(store.get('a'.repeat(64))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
