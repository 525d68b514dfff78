import { AuditService } from '../../audit/audit.service.js';
import { DomainEvents } from '../../events/domain-events.js';
import { Institution } from '../../identity/institution.entity.js';
import { encodeGrayPng } from '../../imaging/encode-png.js';
import { createStudy, registerPatient } from '../../testing/clinical-fixtures.js';
import { codeOf, createTestApp, type TestApp } from '../../testing/test-app.js';
import { DATABASE_KINDS } from '../../testing/test-database.js';

const ROWS = 120;
const COLS = 160;
/** Burned-in text (bright strokes on black) in the top rows; tissue-like grey below, with no sharp bright jumps. */
const pixel = (x: number, y: number) => (y < 16 ? (x % 5 < 2 ? 255 : 0) : 30 + ((x * 7 + y * 3) % 90));
const IMAGE = encodeGrayPng({ width: COLS, height: ROWS, data: Uint8Array.from({ length: ROWS * COLS }, (_, i) => pixel(i % COLS, Math.floor(i / COLS))) });
const PATIENT = 'Gulnar Outcome';
const FROM = `mutation($id: ID!) { createTeachingCaseFromFollowUp(followUpCaseId: $id) { id mediaUrl confirmedDiagnosis followUpCaseId method } }`;
const LIST = '{ confirmedOutcomeCases { followUpCaseId institutionName region categoryValue diagnosis teachingCaseId } }';

describe.each(DATABASE_KINDS)('teaching cases from follow-up outcomes (%s)', (kind) => {
  let t: TestApp;
  let doctor: string;
  let trainer: string;
  let confirmed: string;
  let pending: string;

  /** A follow-up case opened on a study by a BI-RADS 4B finding on its image, as the pre-read event does. */
  const openCase = async (patientId: string, lesionId: string): Promise<string> => {
    const studyId = await createStudy(t, doctor, patientId, 'BREAST', IMAGE);
    const [image] = await t.dataSource.query(`SELECT id FROM study_image WHERE study_id = $1`, [studyId]);
    const preRead = { preReadId: null as unknown as string, studyId, modelVersionId: null as unknown as string, categorySystem: 'BI-RADS', categoryValue: '4B' };
    await t.app.get(AuditService).transaction((tx) =>
      t.app.get(DomainEvents).emit('pre-reads.completed', { preReads: [{ ...preRead, lesions: [{ lesionId, imageId: image.id, modelVersionId: null, category: null, added: false }] }] }, tx),
    );
    return (await t.dataSource.query(`SELECT id FROM follow_up_case WHERE study_id = $1`, [studyId]))[0].id as string;
  };

  beforeAll(async () => {
    t = await createTestApp(kind);
    [doctor, trainer] = await Promise.all([t.signIn('doctor'), t.signIn('trainer')]);
    const institutionId = (await t.dataSource.getRepository(Institution).findOneByOrFail({ code: 'KS-SF-T01' })).id;
    const patientId = await registerPatient(t, doctor, institutionId, PATIENT);
    confirmed = await openCase(patientId, 'c0c0c0c0-0000-4000-8000-000000000001');
    pending = await openCase(patientId, 'c0c0c0c0-0000-4000-8000-000000000002');
    const lesion = (await t.dataSource.query(`SELECT id FROM follow_up_lesion WHERE case_id = $1`, [confirmed]))[0].id;
    const done = await t.gql('mutation($i: RecordOutcomeInput!) { recordFollowUpOutcome(input: $i) { status } }', { i: { caseId: confirmed, outcome: 'DONE', pathology: [{ lesionId: lesion, result: 'MALIGNANT' }] } }, doctor);
    expect(done.data!.recordFollowUpOutcome.status).toBe('CLOSED');
  });
  afterAll(() => t?.close());

  it('refuses a case without a pathology outcome with NO_PATHOLOGY_OUTCOME, and lists only confirmed ones', async () => {
    const refused = await t.gql(FROM, { id: pending }, trainer);
    expect(codeOf(refused)).toBe('NO_PATHOLOGY_OUTCOME');
    expect(await t.dataSource.query(`SELECT id FROM teaching_case`)).toEqual([]);
    const listed = (await t.gql(LIST, {}, trainer)).data!.confirmedOutcomeCases;
    expect(listed).toEqual([{ followUpCaseId: confirmed, institutionName: 'Tokuzak Township Health Centre', region: 'BREAST', categoryValue: '4B', diagnosis: 'MALIGNANT', teachingCaseId: null }]);
  });

  it('makes a de-identified teaching case carrying the diagnosis and the follow-up case, not the patient', async () => {
    const made = await t.gql(FROM, { id: confirmed }, trainer);
    expect(made.errors).toBeUndefined();
    const teachingCase = made.data!.createTeachingCaseFromFollowUp;
    expect(teachingCase).toMatchObject({ confirmedDiagnosis: 'MALIGNANT', followUpCaseId: confirmed, mediaUrl: `/training-media/${teachingCase.id}` });
    expect(teachingCase.method).toMatch(/burned-in text blanked in 1 boxes/);
    // The row links the follow-up case only; the served image has the banner blanked and no name in it.
    const [row] = await t.dataSource.query(`SELECT * FROM teaching_case WHERE id = $1`, [teachingCase.id]);
    expect(Object.keys(row).filter((k) => k.includes('patient'))).toEqual([]);
    expect(JSON.stringify(row)).not.toContain(PATIENT);
    const bytes = Buffer.from(await (await fetch(`${t.url}${teachingCase.mediaUrl}`, { headers: { authorization: `Bearer ${trainer}` } })).arrayBuffer());
    expect(bytes.toString('latin1')).not.toContain('Gulnar');
    const [audit] = await t.dataSource.query(`SELECT resource_type, resource_id, details FROM audit_event WHERE action = 'training.teaching-case-create'`);
    expect(audit).toMatchObject({ resource_type: 'follow-up', resource_id: confirmed, details: { teachingCaseId: teachingCase.id, diagnosis: 'MALIGNANT' } });
    // One per case: asking again answers the same one, and the list says it was made.
    expect((await t.gql(FROM, { id: confirmed }, trainer)).data!.createTeachingCaseFromFollowUp.id).toBe(teachingCase.id);
    expect((await t.gql(LIST, {}, trainer)).data!.confirmedOutcomeCases[0].teachingCaseId).toBe(teachingCase.id);
    expect((await t.gql('{ teachingCases { id confirmedDiagnosis } }', {}, trainer)).data!.teachingCases).toEqual([{ id: teachingCase.id, confirmedDiagnosis: 'MALIGNANT' }]);
  });

  it('refuses a township doctor, and a trainer whose institute does not train the case’s institution, audited', async () => {
    expect(codeOf(await t.gql(FROM, { id: confirmed }, doctor))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(LIST, {}, doctor))).toBe('FORBIDDEN');
    await t.dataSource.query(`DELETE FROM training_mandate`);
    expect(codeOf(await t.gql(FROM, { id: confirmed }, trainer))).toBe('FORBIDDEN');
    expect((await t.gql(LIST, {}, trainer)).data!.confirmedOutcomeCases).toEqual([]);
    const denied = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'training.teaching-case-from-outcome' AND outcome = 'DENIED' AND resource_id = $1`, [confirmed]);
    expect(denied).toEqual([{ n: 2 }]);
  });
});
