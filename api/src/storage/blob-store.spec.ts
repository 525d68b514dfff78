import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newKey } from '../encryption/envelope.js';
import { Keyring } from '../encryption/keyring.js';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.js';
import { DiskBlobStore, sha256Of } from './blob-store.js';

describe('DiskBlobStore', () => {
  let db: TestDatabase;
  let keys: Keyring;
  let root: string;
  let store: DiskBlobStore;
  beforeAll(async () => {
    db = await createTestDatabase('pglite');
    keys = new Keyring({ current: newKey(), previous: [] }, db.dataSource);
  });
  afterAll(() => db?.close());
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'oasis-blobs-'));
    store = new DiskBlobStore(root, keys);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const fileOf = (sha: string) => join(root, sha.slice(0, 2), sha.slice(2, 4), sha);

  it('stores bytes once under their SHA-256 and reads them back', async () => {
    const bytes = new TextEncoder().encode('ultrasound frame');
    const first = await store.put(bytes);
    const second = await store.put(bytes);
    expect(first).toBe(sha256Of(bytes));
    expect(second).toBe(first);
    expect((await store.get(first)).toString()).toBe('ultrasound frame');
    expect(await readdir(join(root, first.slice(0, 2), first.slice(2, 4)))).toEqual([first]);
  });

  it('keeps only ciphertext on disk, under the plaintext address', async () => {
    const sha = await store.put(Buffer.from('patient banner: WANG FANG 65310119790314002X'));
    const onDisk = await readFile(fileOf(sha));
    expect(onDisk.includes(Buffer.from('WANG FANG'))).toBe(false);
    expect(sha256Of(onDisk)).not.toBe(sha);
    // Another store with the same keys (another process) reads it; one with another master key cannot.
    expect((await new DiskBlobStore(root, new Keyring({ current: newKey(), previous: [] }, db.dataSource)).get(sha).catch((e: Error) => e.message))).toMatch(
      /not configured/,
    );
  });

  it('refuses a file whose content no longer matches its address', async () => {
    const sha = await store.put(new TextEncoder().encode('original'));
    await writeFile(fileOf(sha), 'tampered');
    await expect(store.get(sha)).rejects.toMatchObject({ code: 'INTEGRITY_ERROR' });
  });

  it('refuses an encrypted file with a byte changed', async () => {
    const sha = await store.put(new TextEncoder().encode('original frame bytes'));
    const onDisk = await readFile(fileOf(sha));
    onDisk[onDisk.length - 1] ^= 0x01;
    await writeFile(fileOf(sha), onDisk);
    await expect(store.get(sha)).rejects.toMatchObject({ code: 'INTEGRITY_ERROR' });
  });

  it('reads a file stored before encryption and encrypts it in place', async () => {
    const bytes = Buffer.from('stored before encryption');
    const sha = sha256Of(bytes);
    await mkdir(join(root, sha.slice(0, 2), sha.slice(2, 4)), { recursive: true });
    await writeFile(fileOf(sha), bytes);
    expect(await store.get(sha)).toEqual(bytes);
    expect((await readFile(fileOf(sha))).includes(bytes)).toBe(false);
    expect(await store.get(sha)).toEqual(bytes);
  });

  it('says NOT_FOUND for a missing file', async () => {
    await expect(store.get('a'.repeat(64))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
