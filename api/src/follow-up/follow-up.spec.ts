import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditEvent } from '../audit/audit-event.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { DomainEvents } from '../events/domain-events.js';
import { Institution } from '../identity/institution.entity.js';
import { createStudy, registerPatient } from '../testing/clinical-fixtures.js';
import { DATASETS_DIR } from '../testing/datasets.js';
import { servedModel } from '../testing/served-model.js';
import { signedReport } from '../testing/signed-report.js';
import { codeOf, createTestApp, type TestApp } from '../testing/test-app.js';
import { DATABASE_KINDS } from '../testing/test-database.js';
import { createSignedInUser } from '../testing/users.js';
import { FollowUpEscalator } from './follow-up-escalator.service.js';
import { FollowUpService } from './follow-up.service.js';

const IMAGE = readFileSync(join(DATASETS_DIR, 'busi/images/busi_malignant_047.png'));
const CASE = `id status source action dueAt intervalMonths categoryValue patientName institutionId outcome outcomeReason overdue escalatedAt
  lesions { id lesionId imageId modelVersionId added pathology }`;
const LIST = `query($f: FollowUpFilter) { followUps(filter: $f) { total items { ${CASE} } } }`;
const RECORD = `mutation($i: RecordOutcomeInput!) { recordFollowUpOutcome(input: $i) { ${CASE} } }`;
const ESCALATIONS = 'query($f: EscalationFilter) { followUpEscalations(filter: $f) { total items { id institutionName action daysOverdue } } }';
const DAY = 86_400_000;

describe.each(DATABASE_KINDS)('follow-up of suspicious findings (%s)', (kind) => {
  let t: TestApp;
  let doctor: string;
  let specialist: string;
  let admin: string;
  let countyAdmin: string;
  let otherDoctor: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(kind);
    for (const i of await t.dataSource.getRepository(Institution).find()) ids[i.code] = i.id;
    [doctor, specialist, admin] = await Promise.all([t.signIn('doctor'), t.signIn('specialist'), t.signIn('admin')]);
    countyAdmin = (await createSignedInUser(t, admin, 'shufu.admin', [{ role: 'ADMIN', institutionId: ids['KS-SF-CH'] }])).token;
    otherDoctor = (await createSignedInUser(t, admin, 'shule.doctor', [{ role: 'TOWNSHIP_DOCTOR', institutionId: ids['KS-SL-T01'] }])).token;
    ids.patient = await registerPatient(t, doctor, ids['KS-SF-T01'], 'Aynur Follow');
    ids.study = await createStudy(t, doctor, ids.patient, 'BREAST', IMAGE);
  });
  afterAll(() => t?.close());

  const caseOf = async (studyId: string) => (await t.dataSource.query(`SELECT id FROM follow_up_case WHERE study_id = $1`, [studyId]))[0]?.id as string | undefined;

  it('opens a case from a pre-read only when the served model passed its release gate', async () => {
    const served = await servedModel(t, 'BREAST');
    const [preRead] = await t.dataSource.query(`SELECT category_value FROM pre_read WHERE study_id = $1`, [ids.study]);
    const opened = await caseOf(ids.study);
    // An experimental model stores no category and opens nothing; a validated one opens a case from 4A up.
    if (!served.validated) expect([preRead.category_value, opened]).toEqual([null, undefined]);
    else expect(opened !== undefined).toBe(['4A', '4B', '4C', '5'].includes(preRead.category_value));
  });

  it('opens a case from a validated model’s category at or above 4A, with the pre-read’s lesions, and not below', async () => {
    const studyId = await createStudy(t, doctor, ids.patient, 'BREAST');
    const low = await createStudy(t, doctor, ids.patient, 'BREAST');
    const [image] = await t.dataSource.query(`SELECT id FROM study_image WHERE study_id = $1`, [ids.study]);
    const [model] = await t.dataSource.query(`SELECT id FROM model_version WHERE region = 'BREAST' LIMIT 1`);
    const lesionId = 'b0b0b0b0-0000-4000-8000-000000000001';
    await t.app.get(AuditService).transaction((tx) =>
      t.app.get(DomainEvents).emit(
        'pre-reads.completed',
        {
          preReads: [
            { preReadId: null as unknown as string, studyId, modelVersionId: model.id, categorySystem: 'BI-RADS', categoryValue: '4B', lesions: [{ lesionId, imageId: image.id, modelVersionId: model.id, category: null, added: false }] },
            { preReadId: null as unknown as string, studyId: low, modelVersionId: model.id, categorySystem: 'BI-RADS', categoryValue: '3', lesions: [] },
          ],
        },
        tx,
      ),
    );
    ids.aiStudy = studyId;
    ids.aiCase = (await caseOf(studyId))!;
    expect(await caseOf(low)).toBeUndefined();
    const read = (await t.gql(`query($id: ID!) { followUpCase(id: $id) { ${CASE} } }`, { id: ids.aiCase }, doctor)).data!.followUpCase;
    expect(read).toMatchObject({ status: 'OPEN', source: 'AI_PRE_READ', action: 'BIOPSY_REFERRAL', categoryValue: '4B', patientName: 'Aynur Follow', overdue: false, lesions: [{ lesionId, modelVersionId: model.id }] });
    expect(Math.round((Date.parse(read.dueAt) - Date.now()) / DAY)).toBe(14);
    expect(await t.dataSource.getRepository(AuditEvent).countBy({ action: 'follow-up.open', resourceId: ids.aiCase })).toBe(1);
  });

  it('opens a case from a signed report recommending biopsy, and a specialist’s repeat ultrasound replaces the AI’s due item', async () => {
    const lesions: Array<{ id: string }> = (await t.gql('query($id: ID!) { study(id: $id) { images { preRead { lesions { id } } } } }', { id: ids.study }, doctor)).data!.study.images[0].preRead?.lesions ?? [];
    await signedReport(t, doctor, specialist, ids.study, {
      impression: 'Suspicious mass',
      recommendation: 'BIOPSY',
      categorySystem: 'BI-RADS',
      categoryValue: '4B',
      lesionAssessments: lesions.slice(0, 1).map((l) => ({ lesionId: l.id, agreement: 'AGREE' })),
    });
    ids.case = (await caseOf(ids.study))!;
    const read = (await t.gql(`query($id: ID!) { followUpCase(id: $id) { ${CASE} } }`, { id: ids.case }, doctor)).data!.followUpCase;
    expect(read).toMatchObject({ status: 'OPEN', source: 'SIGNED_REPORT', action: 'BIOPSY_REFERRAL', categoryValue: '4B' });
    expect(read.lesions).toHaveLength(Math.max(1, Math.min(1, lesions.length)));

    await signedReport(t, doctor, specialist, ids.aiStudy, { impression: 'Probably benign, check', recommendation: 'SHORT_INTERVAL_FOLLOW_UP', followUpMonths: 3, categorySystem: 'BI-RADS', categoryValue: '3' });
    const replaced = (await t.gql(`query($id: ID!) { followUpCase(id: $id) { ${CASE} } }`, { id: ids.aiCase }, doctor)).data!.followUpCase;
    expect(replaced).toMatchObject({ source: 'SIGNED_REPORT', action: 'REPEAT_ULTRASOUND', intervalMonths: 3 });

    const routine = await createStudy(t, doctor, ids.patient, 'BREAST');
    await signedReport(t, doctor, specialist, routine, { impression: 'Benign cyst', recommendation: 'ROUTINE_FOLLOW_UP', categorySystem: 'BI-RADS', categoryValue: '2' });
    expect(await caseOf(routine)).toBeUndefined();
  });

  it('opens one case when two signatures on the same study commit at once', async () => {
    const studyId = await createStudy(t, doctor, ids.patient, 'BREAST');
    const [report] = await t.dataSource.query(`SELECT r.id FROM consult_report r JOIN consult c ON c.id = r.consult_id WHERE c.study_id = $1`, [ids.study]);
    const signed = { reportId: report.id, consultId: report.id, studyId, region: 'BREAST', recommendation: 'BIOPSY', followUpMonths: null, categorySystem: 'BI-RADS', categoryValue: '4C', lesions: [], signedBy: { userId: report.id, username: 'specialist' } };
    const sign = () => t.app.get(AuditService).transaction((tx) => t.app.get(DomainEvents).emit('consult-report.signed', signed, tx));
    await Promise.all([sign(), sign()]);
    const cases = await t.dataSource.query(`SELECT id FROM follow_up_case WHERE study_id = $1`, [studyId]);
    expect(cases).toHaveLength(1);
    expect(await t.dataSource.getRepository(AuditEvent).countBy({ action: 'follow-up.open', resourceId: cases[0].id })).toBe(1);
    expect(await t.dataSource.query(`SELECT lesion_id FROM follow_up_lesion WHERE case_id = $1`, [cases[0].id])).toEqual([{ lesion_id: null }]);
    // Out of the way of the open lists below.
    ids.concurrent = cases[0].id;
    await t.dataSource.query(`UPDATE follow_up_case SET status = 'CLOSED', outcome = 'MOVED_AWAY', closed_at = now() WHERE id = $1`, [cases[0].id]);
  });

  it('lists due cases and counts to the institution’s clinicians only', async () => {
    const due = (await t.gql(LIST, { f: { when: 'DUE' } }, doctor)).data!.followUps;
    expect(due.items.map((c: { id: string }) => c.id).sort()).toEqual([ids.case, ids.aiCase].sort());
    expect((await t.gql('{ followUpCounts { due overdue } }', {}, doctor)).data!.followUpCounts).toEqual({ due: 2, overdue: 0 });
    expect((await t.gql(LIST, { f: { when: 'DUE', limit: 1, offset: 1 } }, doctor)).data!.followUps).toMatchObject({ total: 2, items: [{}] });
    expect(codeOf(await t.gql(LIST, { f: { when: 'DUE', institutionId: ids['KS-SF-T01'] } }, otherDoctor))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(LIST, {}, admin))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(`query($id: ID!) { followUpCase(id: $id) { id } }`, { id: ids.case }, otherDoctor))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(LIST, { f: { limit: 101 } }, doctor))).toBe('BAD_USER_INPUT');
  });

  it('refuses an outcome without what it needs and contradicting pathology, writing nothing, then closes the case', async () => {
    const [lesion] = (await t.gql(`query($id: ID!) { followUpCase(id: $id) { lesions { id } } }`, { id: ids.case }, doctor)).data!.followUpCase.lesions;
    const record = (i: Record<string, unknown>, token = doctor) => t.gql(RECORD, { i: { caseId: ids.case, ...i } }, token);
    expect(codeOf(await record({ outcome: 'LOST_TO_FOLLOW_UP', reason: '  ' }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await record({ outcome: 'DONE' }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await record({ outcome: 'DECLINED', pathology: [{ lesionId: lesion.id, result: 'BENIGN' }] }))).toBe('BAD_USER_INPUT');
    const contradicting = await record({ outcome: 'DONE', pathology: [{ lesionId: lesion.id, result: 'BENIGN' }, { lesionId: lesion.id, result: 'MALIGNANT' }] });
    expect(codeOf(contradicting)).toBe('PATHOLOGY_CONFLICT');
    expect(contradicting.errors![0].message).toContain('contradicts');
    expect(codeOf(await record({ outcome: 'DONE', pathology: [{ lesionId: lesion.id, result: 'MALIGNANT' }] }, specialist))).toBe('FORBIDDEN');
    expect(codeOf(await record({ outcome: 'DONE', pathology: [{ lesionId: lesion.id, result: 'MALIGNANT' }] }, otherDoctor))).toBe('FORBIDDEN');
    expect((await t.dataSource.query(`SELECT status FROM follow_up_case WHERE id = $1`, [ids.case]))[0].status).toBe('OPEN');

    const closed = (await record({ outcome: 'DONE', performedOn: '2026-04-02', note: 'Core biopsy at the county hospital', pathology: [{ lesionId: lesion.id, result: 'MALIGNANT' }] })).data!.recordFollowUpOutcome;
    expect(closed).toMatchObject({ status: 'CLOSED', outcome: 'DONE', lesions: [{ pathology: 'MALIGNANT' }] });
    expect(codeOf(await record({ outcome: 'DONE', pathology: [{ lesionId: lesion.id, result: 'BENIGN' }] }))).toBe('PATHOLOGY_CONFLICT');
    expect(codeOf(await record({ outcome: 'DECLINED' }))).toBe('ILLEGAL_TRANSITION');
    // The same result again is no contradiction.
    expect((await record({ outcome: 'DONE', pathology: [{ lesionId: lesion.id, result: 'MALIGNANT' }] })).data!.recordFollowUpOutcome.lesions[0].pathology).toBe('MALIGNANT');
    expect(await t.dataSource.getRepository(AuditEvent).countBy({ action: 'follow-up.outcome', resourceId: ids.case })).toBe(1);
    // Last closed first.
    expect((await t.gql(LIST, { f: { when: 'CLOSED' } }, doctor)).data!.followUps.items.map((c: { id: string }) => c.id)).toEqual([ids.case, ids.concurrent]);

    // The database itself keeps a case from closing without an outcome, or being lost without a reason.
    await expect(t.dataSource.query(`UPDATE follow_up_case SET status = 'CLOSED', closed_at = now() WHERE id = $1`, [ids.aiCase])).rejects.toThrow(/follow_up_closed_with_outcome/);
    await expect(t.dataSource.query(`UPDATE follow_up_case SET status = 'CLOSED', closed_at = now(), outcome = 'LOST_TO_FOLLOW_UP' WHERE id = $1`, [ids.aiCase])).rejects.toThrow(/follow_up_lost_with_reason/);
  });

  it('makes pathology queryable per lesion and model version, with the AI’s call', async () => {
    const service = t.app.get(FollowUpService);
    const outcomes = await service.lesionOutcomes([ids['KS-SF-T01']]);
    const withModel = (await t.dataSource.query(`SELECT count(*)::int AS n FROM follow_up_lesion WHERE case_id = $1 AND model_version_id IS NOT NULL`, [ids.case]))[0].n;
    expect(outcomes).toHaveLength(withModel);
    for (const o of outcomes) expect(o).toMatchObject({ pathology: 'MALIGNANT', institutionId: ids['KS-SF-T01'] });
    expect(await service.lesionOutcomes([ids['KS-SL-T01']])).toEqual([]);
  });

  it('escalates overdue cases to the admins above the institution, who see them in their tree only', async () => {
    const lost = (await t.gql(LIST, { f: { when: 'DUE' } }, doctor)).data!.followUps.items[0];
    expect(lost.id).toBe(ids.aiCase);
    await t.dataSource.query(`UPDATE follow_up_case SET due_at = now() - interval '20 days' WHERE id = $1`, [ids.aiCase]);
    expect((await t.gql('{ followUpCounts { due overdue } }', {}, doctor)).data!.followUpCounts).toEqual({ due: 0, overdue: 1 });
    expect((await t.gql(LIST, { f: { when: 'OVERDUE' } }, doctor)).data!.followUps.items).toMatchObject([{ id: ids.aiCase, overdue: true, escalatedAt: null }]);

    const escalator = t.app.get(FollowUpEscalator);
    expect(await escalator.sweep(new Date(Date.now() - 7 * DAY))).toBe(0);
    expect(await escalator.sweep()).toBe(1);
    expect(await escalator.sweep()).toBe(0);
    for (const token of [countyAdmin, admin]) {
      expect((await t.gql(ESCALATIONS, {}, token)).data!.followUpEscalations).toEqual({ total: 1, items: [{ id: ids.aiCase, institutionName: 'Tokuzak Township Health Centre', action: 'REPEAT_ULTRASOUND', daysOverdue: 20 }] });
    }
    // Outside the county admin's tree: nothing, not an error that would tell what exists there.
    expect((await t.gql(ESCALATIONS, { f: { institutionId: ids['KS-SL-T01'] } }, countyAdmin)).data!.followUpEscalations).toEqual({ total: 0, items: [] });
    expect((await t.gql(ESCALATIONS, { f: { institutionId: ids['KS-SF-T01'] } }, countyAdmin)).data!.followUpEscalations.total).toBe(1);
    expect(codeOf(await t.gql(ESCALATIONS, {}, doctor))).toBe('FORBIDDEN');
    expect(await t.dataSource.getRepository(AuditEvent).countBy({ action: 'follow-up.escalate', resourceId: ids.aiCase })).toBe(1);

    const record = (i: Record<string, unknown>) => t.gql(RECORD, { i: { caseId: ids.aiCase, ...i } }, doctor);
    const closed = (await record({ outcome: 'LOST_TO_FOLLOW_UP', reason: 'Phone number out of service, three visits' })).data!.recordFollowUpOutcome;
    expect(closed).toMatchObject({ status: 'CLOSED', outcome: 'LOST_TO_FOLLOW_UP', outcomeReason: 'Phone number out of service, three visits' });
    expect((await t.gql(ESCALATIONS, {}, countyAdmin)).data!.followUpEscalations.total).toBe(0);
  });
});
