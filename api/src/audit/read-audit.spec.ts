import { Institution } from '../identity/institution.entity.js';
import { MAX_ROOT_FIELDS } from '../common/graphql-root-fields.js';
import { createStudy, registerPatient } from '../testing/clinical-fixtures.js';
import { codeOf, createTestApp, type TestApp } from '../testing/test-app.js';
import { DATABASE_KINDS } from '../testing/test-database.js';
import { AuditEvent } from './audit-event.entity.js';

/** Reads of patient data leave one READ row per target and request: enough to answer "who saw this", no flood. */
describe.each(DATABASE_KINDS)('audited reads (%s)', (kind) => {
  let t: TestApp;
  let doctor: string;
  let specialist: string;
  let studyId: string;
  let consultId: string;

  beforeAll(async () => {
    t = await createTestApp(kind);
    doctor = await t.signIn('doctor');
    specialist = await t.signIn('specialist');
    const institutionId = (await t.dataSource.getRepository(Institution).findOneByOrFail({ code: 'KS-SF-T01' })).id;
    studyId = await createStudy(t, doctor, await registerPatient(t, doctor, institutionId, 'Reader Patient'));
    consultId = (await t.gql('mutation($i: RequestConsultInput!) { requestConsult(input: $i) { id } }', { i: { studyId, clinicalQuestion: 'Audited?' } }, doctor)).data!.requestConsult.id;
  });
  afterAll(() => t?.close());

  const rows = (action: string, resourceId?: string) => t.dataSource.getRepository(AuditEvent).countBy({ action, ...(resourceId ? { resourceId } : {}) });

  it('records a consult read once per request, its messages and reports included', async () => {
    const before = await rows('consult.read', consultId);
    const read = await t.gql(
      'query($id: ID!) { a: consult(id: $id) { id messages { body } reportVersions { id } } b: consult(id: $id) { id messages { body } } }',
      { id: consultId },
      specialist,
    );
    expect(read.errors).toBeUndefined();
    expect(await rows('consult.read', consultId)).toBe(before + 1);
    // Another request, another row; the doctor's list of their consults is recorded with what it showed.
    await t.gql('query($id: ID!) { consult(id: $id) { id } }', { id: consultId }, doctor);
    expect(await rows('consult.read', consultId)).toBe(before + 2);
    const listsBefore = await rows('consult.list');
    const listed = await t.gql('{ myConsults { id messages { body } } }', {}, doctor);
    expect(listed.data!.myConsults.map((c: { id: string }) => c.id)).toContain(consultId);
    expect(await rows('consult.list')).toBe(listsBefore + 1);
    expect(await rows('consult.read', consultId)).toBe(before + 3);
  });

  it('writes one row for a study named under many aliases, and refuses more aliases than the limit before reading anything', async () => {
    const aliases = (n: number) => `query($id: ID!) { ${Array.from({ length: n }, (_, i) => `s${i}: study(id: $id) { id }`).join(' ')} }`;
    const before = await rows('study.read', studyId);
    const many = await t.gql(aliases(MAX_ROOT_FIELDS), { id: studyId }, doctor);
    expect(many.errors).toBeUndefined();
    expect(await rows('study.read', studyId)).toBe(before + 1);
    const tooMany = await t.gql(aliases(2000), { id: studyId }, doctor);
    expect(codeOf(tooMany)).toBe('TOO_MANY_ALIASES');
    expect(tooMany.data).toBeUndefined();
    expect(await rows('study.read', studyId)).toBe(before + 1);
  });

  it('keeps the typed patient-search term out of the audit trail', async () => {
    await t.gql('query($s: String!) { patients(filter: { search: $s }) { id } }', { s: 'Reader Pat' }, doctor);
    const [row] = await t.dataSource.getRepository(AuditEvent).find({ where: { action: 'patient.search' }, order: { id: 'DESC' }, take: 1 });
    expect(JSON.stringify(row.details)).not.toContain('Reader');
    expect(row.details).toMatchObject({ searchChars: 10 });
  });
});
