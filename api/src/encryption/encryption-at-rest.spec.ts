import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../database/data-source-options.js';
import { MIGRATIONS } from '../database/migrations/index.js';
import { EncryptionAtRest1765200000000 } from '../database/migrations/1765200000000-encryption-at-rest.js';
import { newKey } from './envelope.js';
import { FieldCipher } from './field-cipher.js';
import { Keyring } from './keyring.js';
import { codeOf, createTestApp, type TestApp } from '../testing/test-app.js';
import { DATABASE_KINDS } from '../testing/test-database.js';
import { openUserPhone } from '../identity/user-phone.js';
import { openNationalId, openPhone } from '../patients/patient-contact.js';
import { AuditEvent } from '../audit/audit-event.entity.js';

const NATIONAL_ID = '65310119790314002X';
const PHONE = '138 0998 1234';
const REGISTER = 'mutation($p: RegisterPatientInput!) { registerPatient(input: $p) { id nationalId phone } }';

describe.each(DATABASE_KINDS)('national ids and phones encrypted at rest on %s', (kind) => {
  let t: TestApp;
  let doctor: string;
  let institutionId: string;
  let patientId: string;
  beforeAll(async () => {
    t = await createTestApp(kind);
    doctor = await t.signIn('doctor');
    institutionId = (await t.gql('{ me { roles { institutionId } } }', {}, doctor)).data!.me.roles[0].institutionId;
    const registered = await t.gql(REGISTER, { p: { institutionId, name: 'Aynur Tursun', sex: 'F', nationalId: NATIONAL_ID.toLowerCase(), phone: PHONE } }, doctor);
    expect(registered.data!.registerPatient).toMatchObject({ nationalId: NATIONAL_ID, phone: PHONE });
    patientId = registered.data!.registerPatient.id;
  });
  afterAll(() => t?.close());

  it('stores neither in plaintext, nor anything a dump could match', async () => {
    const [row] = await t.dataSource.query(`SELECT national_id, phone, national_id_index, phone_index FROM patient WHERE id = $1`, [patientId]);
    const dump = JSON.stringify(row);
    expect(dump).not.toMatch(/65310119790314002X|138\D?0998\D?1234/i);
    expect(row.national_id).toMatch(/^v1:[0-9a-f-]{36}:/);
    expect((await t.dataSource.query(`SELECT purpose FROM data_key ORDER BY purpose`)).map((r: { purpose: string }) => r.purpose)).toEqual(
      expect.arrayContaining(['patient', 'patient#index']),
    );
  });

  it('reads them back decrypted, and finds the patient by whole national id or phone digits', async () => {
    expect((await t.gql(`query($id: ID!) { patient(id: $id) { nationalId phone } }`, { id: patientId }, doctor)).data!.patient).toEqual({ nationalId: NATIONAL_ID, phone: PHONE });
    for (const search of [NATIONAL_ID.toLowerCase(), '13809981234', '138-0998-1234']) {
      const found = await t.gql(`query($s: String) { patients(filter: { search: $s }) { id } }`, { s: search }, doctor);
      expect(found.data!.patients.map((p: { id: string }) => p.id)).toEqual([patientId]);
    }
  });

  it('still refuses a second patient with the same national id at the institution', async () => {
    const duplicate = await t.gql(REGISTER, { p: { institutionId, name: 'Someone Else', sex: 'M', nationalId: NATIONAL_ID } }, doctor);
    expect(codeOf(duplicate)).toBe('CONFLICT');
  });

  it("encrypts users' phones too, and audits a change of phone without the numbers", async () => {
    const admin = await t.signIn('admin');
    const created = await t.gql(
      'mutation($u: CreateUserInput!) { createUser(input: $u) { id phone } }',
      { u: { username: `phoned-${kind}`, displayName: 'Phoned', password: 'Phoned-user-2026', phone: '+86 991 555 0101', roles: [{ role: 'TRAINEE', institutionId }] } },
      admin,
    );
    const { id, phone } = created.data!.createUser;
    expect(phone).toBe('+86 991 555 0101');
    const [row] = await t.dataSource.query(`SELECT phone FROM app_user WHERE id = $1`, [id]);
    expect(row.phone).toMatch(/^v1:/);
    expect(row.phone).not.toMatch(/555\D?0101/);
    const updated = await t.gql('mutation($u: UpdateUserInput!) { updateUser(input: $u) { phone } }', { u: { id, phone: '0998 777 0202' } }, admin);
    expect(updated.data!.updateUser.phone).toBe('0998 777 0202');
    const audit = await t.dataSource.getRepository(AuditEvent).findOneByOrFail({ action: 'user.update', resourceId: id });
    expect(audit.details).toEqual({ changed: { phone: 'changed' } });
    expect(JSON.stringify(await t.dataSource.query(`SELECT details FROM audit_event WHERE resource_id = $1`, [id]))).not.toMatch(/555\D?0101|777\D?0202/);
  });
});

describe('the encryption migration on existing patients', () => {
  const saved = process.env.OASIS_MASTER_KEY;
  afterAll(() => {
    if (saved === undefined) delete process.env.OASIS_MASTER_KEY;
    else process.env.OASIS_MASTER_KEY = saved;
  });

  it('encrypts national ids and phones already stored, readable with the configured master key', async () => {
    // A database as it was before: every migration up to this one, and patients with plaintext contact details.
    const before = new DataSource({ ...dataSourceOptions({ dataDir: '' }, 'memory', 'owner'), migrations: MIGRATIONS.filter((m) => m !== EncryptionAtRest1765200000000) });
    await before.initialize();
    try {
      await before.runMigrations();
      const [institution] = await before.query(`INSERT INTO institution (code, name, type, prefecture) VALUES ('KS-T9', 'Test centre', 'TOWNSHIP_HEALTH_CENTRE', 'Kashgar') RETURNING id`);
      const [user] = await before.query(`INSERT INTO app_user (username, display_name, password_hash, phone) VALUES ('mig', 'Mig', 'x', '0998 123 4567') RETURNING id`);
      const [patient] = await before.query(
        `INSERT INTO patient (institution_id, name, sex, national_id, phone, created_by) VALUES ($1, 'Old Patient', 'F', $2, $3, $4) RETURNING id`,
        [institution.id, NATIONAL_ID, PHONE, user.id],
      );
      const master = newKey();
      process.env.OASIS_MASTER_KEY = master.toString('hex');
      const runner = before.createQueryRunner();
      await runner.startTransaction();
      await new EncryptionAtRest1765200000000().up(runner);
      await runner.commitTransaction();
      await runner.release();

      const [row] = await before.query(`SELECT national_id, phone, national_id_index FROM patient WHERE id = $1`, [patient.id]);
      expect(JSON.stringify(row)).not.toMatch(/65310119790314002X|138\D?0998\D?1234/);
      const cipher = new FieldCipher(new Keyring({ current: master, previous: [] }, before));
      expect(await openNationalId(cipher, patient.id, row.national_id)).toBe(NATIONAL_ID);
      expect(await openPhone(cipher, patient.id, row.phone)).toBe(PHONE);
      expect(row.national_id_index).toBe(await cipher.blindIndex('patient', NATIONAL_ID));
      const [userRow] = await before.query(`SELECT phone FROM app_user WHERE id = $1`, [user.id]);
      expect(userRow.phone).not.toMatch(/0998\D?123\D?4567/);
      expect(await openUserPhone(cipher, user.id, userRow.phone)).toBe('0998 123 4567');
    } finally {
      await before.destroy();
    }
  });
});

describe('master key rotation across API restarts (PostgreSQL)', () => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
  });

  it('re-wraps the data keys at start with the new key; the old key is then no longer needed', async () => {
    const oldKey = newKey().toString('hex');
    const newKeyHex = newKey().toString('hex');
    const first = await createTestApp('postgres', { OASIS_MASTER_KEY: oldKey });
    apps.push(first);
    const doctor = await first.signIn('doctor');
    const institutionId = (await first.gql('{ me { roles { institutionId } } }', {}, doctor)).data!.me.roles[0].institutionId;
    const id = (await first.gql(REGISTER, { p: { institutionId, name: 'Rotated Patient', sex: 'F', nationalId: NATIONAL_ID, phone: PHONE } }, doctor)).data!.registerPatient.id;
    const read = async (app: TestApp) => app.gql(`query($id: ID!) { patient(id: $id) { nationalId phone } }`, { id }, await app.signIn('doctor'));
    const reopen = async (env: Record<string, string>) => {
      const app = await createTestApp('postgres', { DATABASE_URL: first.config.databaseUrl!, ...env }, { seed: false });
      apps.push(app);
      return app;
    };

    // During the rotation: new key current, old one previous; the start re-wraps every data key.
    const during = await reopen({ OASIS_MASTER_KEY: newKeyHex, OASIS_PREVIOUS_MASTER_KEYS: oldKey });
    expect((await read(during)).data!.patient).toEqual({ nationalId: NATIONAL_ID, phone: PHONE });
    expect(await during.app.get(Keyring).pendingRewrap()).toBe(0);
    // After it: the new key alone reads everything; the retired key alone reads nothing.
    const after = await reopen({ OASIS_MASTER_KEY: newKeyHex });
    expect((await read(after)).data!.patient).toEqual({ nationalId: NATIONAL_ID, phone: PHONE });
    const stale = await reopen({ OASIS_MASTER_KEY: oldKey });
    const refused = await read(stale);
    expect(refused.data!.patient).toEqual({ nationalId: null, phone: null });
    expect(codeOf(refused)).toBe('INTERNAL_SERVER_ERROR');
  });
});
