import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '../testing/test-database.js';
import { newKey } from './envelope.js';
import { FieldCipher } from './field-cipher.js';
import { Keyring } from './keyring.js';

describe.each(DATABASE_KINDS)('envelope encryption on %s', (kind) => {
  let db: TestDatabase;
  const oldMaster = newKey();
  const newMaster = newKey();
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(() => db?.close());

  const keyring = (current: Buffer, previous: Buffer[] = []) => new Keyring({ current, previous }, db.dataSource);
  const cipher = (current: Buffer, previous: Buffer[] = []) => new FieldCipher(keyring(current, previous));

  it('keeps data keys only wrapped, and two processes creating one at once agree on it', async () => {
    const [a, b] = await Promise.all([keyring(oldMaster).dataKey('test.concurrent'), keyring(oldMaster).dataKey('test.concurrent')]);
    expect(a).toEqual(b);
    const [row] = await db.dataSource.query(`SELECT wrapped FROM data_key WHERE purpose = 'test.concurrent'`);
    expect(Buffer.from(row.wrapped, 'base64').includes(a.key)).toBe(false);
    expect(await db.dataSource.query(`SELECT count(*)::int AS count FROM data_key WHERE purpose = 'test.concurrent'`)).toEqual([{ count: 1 }]);
  });

  it('binds a value to where it is stored, and refuses it elsewhere or altered', async () => {
    const fields = cipher(oldMaster);
    const sealed = (await fields.sealText('test.fields', '65310119790314002X', 'patient.national_id:one'))!;
    expect(sealed).not.toContain('65310119790314002X');
    expect(await fields.openText(sealed, 'patient.national_id:one')).toBe('65310119790314002X');
    await expect(fields.openText(sealed, 'patient.national_id:two')).rejects.toMatchObject({ code: 'INTEGRITY_ERROR' });
    const flipped = sealed.slice(0, -4) + (sealed.at(-4) === 'A' ? 'B' : 'A') + sealed.slice(-3);
    await expect(fields.openText(flipped, 'patient.national_id:one')).rejects.toMatchObject({ code: 'INTEGRITY_ERROR' });
    // The blind index is stable for equal values and useless without the key.
    expect(await fields.blindIndex('test.fields', 'X1')).toBe(await cipher(oldMaster).blindIndex('test.fields', 'X1'));
    expect(await fields.blindIndex('test.fields', 'X1')).not.toBe(await fields.blindIndex('test.fields', 'X2'));
  });

  it('rotates the master key: old ciphertext stays readable during and after, the old key can then be retired', async () => {
    const sealed = (await cipher(oldMaster).sealText('test.rotation', '138 0998 1234', 'ctx'))!;
    const index = await cipher(oldMaster).blindIndex('test.rotation', '13809981234');

    // During the rotation: the new key is current, the old one still configured as previous.
    const during = keyring(newMaster, [oldMaster]);
    expect(await new FieldCipher(during).openText(sealed, 'ctx')).toBe('138 0998 1234');
    expect(await during.pendingRewrap()).toBeGreaterThan(0);
    expect(await during.rewrapAll()).toBeGreaterThan(0);
    expect(await during.pendingRewrap()).toBe(0);
    expect(await during.rewrapAll()).toBe(0);

    // After it: the new key alone reads everything, indexes unchanged; the retired key reads nothing.
    expect(await cipher(newMaster).openText(sealed, 'ctx')).toBe('138 0998 1234');
    expect(await cipher(newMaster).blindIndex('test.rotation', '13809981234')).toBe(index);
    await expect(cipher(oldMaster).openText(sealed, 'ctx')).rejects.toThrow(/wrapped by master key [0-9a-f]{16}, which is not configured/);
  });
});
