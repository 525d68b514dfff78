import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Institution } from '../identity/institution.entity.js';
import { createStudy, registerPatient } from '../testing/clinical-fixtures.js';
import { DATASETS_DIR } from '../testing/datasets.js';
import { codeOf, createTestApp, type TestApp } from '../testing/test-app.js';
import { DATABASE_KINDS } from '../testing/test-database.js';
import { createSignedInUser } from '../testing/users.js';
import { ScreeningRollup } from './screening-rollup.service.js';

const IMAGE = readFileSync(join(DATASETS_DIR, 'busi/images/busi_malignant_047.png'));
const DASHBOARD = `query($f: DashboardFilter) { programmeDashboard(filter: $f) { fromMonth toMonth refreshedAt screenings aiPositive aiPositiveRate consults slaBreaches
  requestToClaim { p50Minutes p90Minutes } claimToSign { p50Minutes p90Minutes } requestToSign { p50Minutes }
  followUpsOpened followUpsCompleted followUpsOverdue followUpCompletionRate daysToBiopsyMedian cancers cancersPer1000
  training { staff staffTrained certificatesValid certificatesExpiring sessions { title attendees } }
  months { month screenings aiPositive } institutions { institutionId name screenings aiPositive consults slaBreaches followUpsOpened followUpsCompleted cancers } } }`;
const Q1 = { fromMonth: '2026-01', toMonth: '2026-03' };

describe.each(DATABASE_KINDS)('programme dashboard (%s)', (kind) => {
  let t: TestApp;
  let admin: string;
  let countyAdmin: string;
  let doctor: string;
  let doctorId: string;
  let patientId: string;
  let imageBlob: string;
  const ids: Record<string, string> = {};
  const dashboard = async (token: string, f: object = Q1) => {
    const answer = await t.gql(DASHBOARD, { f }, token);
    if (answer.errors) throw new Error(JSON.stringify(answer.errors));
    return answer.data!.programmeDashboard;
  };

  /** A screening at `at` (back-dated, as a migrated history is) with a finished pre-read; returns the study id. */
  async function screening(institution: string, at: string, malignant: boolean): Promise<string> {
    const [{ id }] = await t.dataSource.query(`INSERT INTO study (patient_id, institution_id, region, created_by, created_at) VALUES ($1, $2, 'BREAST', $3, $4) RETURNING id`, [patientId, ids[institution], doctorId, at]);
    const [image] = await t.dataSource.query(`INSERT INTO study_image (study_id, blob_sha256, format, width, height, calibration) VALUES ($1, $2, 'PNG', 10, 10, '{}') RETURNING id`, [id, imageBlob]);
    await t.dataSource.query(`INSERT INTO pre_read (image_id, study_id, status, call, completed_at) VALUES ($1, $2, 'DONE', $3, $4)`, [image.id, id, malignant ? 'MALIGNANT' : 'BENIGN', at]);
    return id;
  }
  async function consult(studyId: string, institution: string, at: string, claimSeconds: number, signSeconds: number, escalations = 0) {
    await t.dataSource.query(
      `INSERT INTO consult (study_id, patient_id, region, requesting_institution_id, requested_by, clinical_question, urgency, urgency_rank, status, requested_at, escalations, request_to_claim_seconds, claim_to_sign_seconds)
       VALUES ($1, $2, 'BREAST', $3, $4, 'Second opinion', 'ROUTINE', 0, 'SIGNED', $5, $6, $7, $8)`,
      [studyId, patientId, ids[institution], doctorId, at, escalations, claimSeconds, signSeconds],
    );
  }
  async function followUp(studyId: string, institution: string, at: string, outcome: { done: string; pathology: string } | null) {
    const [c] = await t.dataSource.query(
      `INSERT INTO follow_up_case (study_id, patient_id, institution_id, region, source, action, due_at, status, outcome, outcome_on, opened_at, closed_at)
       VALUES ($1, $2, $3, 'BREAST', 'AI_PRE_READ', 'BIOPSY_REFERRAL', $4::timestamptz + interval '30 days', $5, $6, $7, $4, $8) RETURNING id`,
      [studyId, patientId, ids[institution], at, outcome ? 'CLOSED' : 'OPEN', outcome ? 'DONE' : null, outcome?.done ?? null, outcome ? outcome.done : null],
    );
    if (outcome) await t.dataSource.query(`INSERT INTO follow_up_lesion (case_id, pathology, pathology_at) VALUES ($1, $2, now())`, [c.id, outcome.pathology]);
  }

  beforeAll(async () => {
    t = await createTestApp(kind);
    for (const i of await t.dataSource.getRepository(Institution).find()) ids[i.code] = i.id;
    [admin, doctor] = await Promise.all([t.signIn('admin'), t.signIn('doctor')]);
    countyAdmin = (await createSignedInUser(t, admin, 'shule.admin', [{ role: 'ADMIN', institutionId: ids['KS-SL-CH'] }])).token;
    [{ id: doctorId }] = await t.dataSource.query(`SELECT id FROM app_user WHERE username = 'doctor'`);
    // One screening the real way (upload, pre-read) for its stored image, which the synthetic history reuses.
    patientId = await registerPatient(t, doctor, ids['KS-SF-T01'], 'Dashboard patient');
    const realStudy = await createStudy(t, doctor, patientId, 'BREAST', IMAGE);
    [{ blob_sha256: imageBlob }] = await t.dataSource.query(`SELECT blob_sha256 FROM study_image WHERE study_id = $1`, [realStudy]);

    // Tokuzak (Shufu): 8 screenings in January and February 2026, 2 of them AI-positive; Yengimehelle (Shule): 4 in March, 1 positive.
    const tokuzak = [];
    for (let i = 0; i < 8; i++) tokuzak.push(await screening('KS-SF-T01', `2026-0${1 + (i % 2)}-1${i}T08:00:00Z`, i < 2));
    const yengi = [];
    for (let i = 0; i < 4; i++) yengi.push(await screening('KS-SL-T01', `2026-03-0${1 + i}T08:00:00Z`, i === 0));
    await screening('KS-SL-T01', '2025-12-31T23:00:00Z', true); // outside the quarter
    // Consults: claimed after 10, 20 and 30 minutes, signed an hour later; one was escalated.
    await consult(tokuzak[0], 'KS-SF-T01', '2026-01-10T09:00:00Z', 600, 3600);
    await consult(tokuzak[1], 'KS-SF-T01', '2026-02-11T09:00:00Z', 1200, 3600);
    await consult(yengi[0], 'KS-SL-T01', '2026-03-01T09:00:00Z', 1800, 3600, 1);
    // Follow-ups: Tokuzak's two positives, one biopsied after 14 days (malignant), one still open (overdue); Yengimehelle's benign after 20 days.
    await followUp(tokuzak[0], 'KS-SF-T01', '2026-01-10T08:00:00Z', { done: '2026-01-24', pathology: 'MALIGNANT' });
    await followUp(tokuzak[1], 'KS-SF-T01', '2026-02-11T08:00:00Z', null);
    await followUp(yengi[0], 'KS-SL-T01', '2026-03-01T08:00:00Z', { done: '2026-03-21', pathology: 'BENIGN' });
    await t.app.get(ScreeningRollup).refresh();
  });
  afterAll(() => t?.close());

  it('counts the region for its admin: screenings, AI-positive rate, turnaround, SLA, follow-up, cancers per 1,000, per institution and month', async () => {
    const d = await dashboard(admin);
    expect(d).toMatchObject({ fromMonth: '2026-01', toMonth: '2026-03', screenings: 12, aiPositive: 3, consults: 3, slaBreaches: 1, followUpsOpened: 3, followUpsCompleted: 2, followUpsOverdue: 1, cancers: 1 });
    expect(d.refreshedAt).not.toBeNull();
    expect(d.aiPositiveRate).toBeCloseTo(3 / 12);
    expect(d.cancersPer1000).toBeCloseTo(1000 / 12);
    expect(d.followUpCompletionRate).toBeCloseTo(2 / 3);
    expect(d.daysToBiopsyMedian).toBeCloseTo(17);
    expect(d.requestToClaim.p50Minutes).toBeCloseTo(20);
    expect(d.requestToClaim.p90Minutes).toBeCloseTo(28);
    expect(d.claimToSign.p50Minutes).toBeCloseTo(60);
    expect(d.requestToSign.p50Minutes).toBeCloseTo(80);
    expect(d.months).toEqual([
      { month: '2026-01', screenings: 4, aiPositive: 1 },
      { month: '2026-02', screenings: 4, aiPositive: 1 },
      { month: '2026-03', screenings: 4, aiPositive: 1 },
    ]);
    expect(d.institutions[0]).toMatchObject({ institutionId: ids['KS-SF-T01'], screenings: 8, aiPositive: 2, consults: 2, slaBreaches: 0, followUpsOpened: 2, followUpsCompleted: 1, cancers: 1 });
    expect(d.institutions[1]).toMatchObject({ institutionId: ids['KS-SL-T01'], screenings: 4, consults: 1, slaBreaches: 1 });
    // Every institution of the tree is listed, with nothing where nothing happened.
    expect(d.institutions).toHaveLength(Object.keys(ids).length);
    expect(d.training.staff).toBeGreaterThan(0);
  });

  it('narrows to an institution and what is under it, and to a prefecture', async () => {
    const shufu = await dashboard(admin, { ...Q1, institutionId: ids['KS-SF-CH'] });
    expect(shufu).toMatchObject({ screenings: 8, consults: 2, cancers: 1 });
    expect(shufu.institutions.map((i: { institutionId: string }) => i.institutionId).sort()).toEqual([ids['KS-SF-CH'], ids['KS-SF-T01'], ids['KS-SF-T02'], ids['KS-SF-T03']].sort());
    expect((await dashboard(admin, { ...Q1, prefecture: 'Nowhere' })).institutions).toEqual([]);
  });

  it('scopes an admin to their tree and a clinician to their institution; a filter outside counts nothing; a trainee is refused', async () => {
    const shule = await dashboard(countyAdmin);
    expect(shule).toMatchObject({ screenings: 4, consults: 1, followUpsOpened: 1, cancers: 0 });
    expect(shule.institutions.map((i: { institutionId: string }) => i.institutionId)).not.toContain(ids['KS-SF-T01']);
    const outside = await dashboard(countyAdmin, { ...Q1, institutionId: ids['KS-SF-T01'] });
    expect(outside).toMatchObject({ screenings: 0, consults: 0, institutions: [], months: [] });
    const own = await dashboard(doctor);
    expect(own.institutions.map((i: { institutionId: string }) => i.institutionId)).toEqual([ids['KS-SF-T01']]);
    expect(own.screenings).toBe(8);
    expect(codeOf(await t.gql(DASHBOARD, { f: Q1 }, await t.signIn('trainee')))).toBe('FORBIDDEN');
  });

  it('refuses months that are not months or run backwards', async () => {
    expect(codeOf(await t.gql(DASHBOARD, { f: { fromMonth: '2026-13' } }, admin))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(DASHBOARD, { f: { fromMonth: '2026-03', toMonth: '2026-01' } }, admin))).toBe('BAD_USER_INPUT');
  });

  it('brings the rollup up to date incrementally: a new screening, and a pre-read that finished later', async () => {
    const thisMonth = new Date().toISOString().slice(0, 7);
    const before = await dashboard(doctor, { fromMonth: '2026-01', toMonth: thisMonth });
    await screening('KS-SF-T01', new Date().toISOString(), false);
    // A January study the AI now calls malignant (a re-run): its month is recounted though the study is old.
    const [late] = await t.dataSource.query(`SELECT p.id FROM pre_read p JOIN study s ON s.id = p.study_id WHERE s.institution_id = $1 AND s.created_at < '2026-02-01' AND p.call = 'BENIGN' LIMIT 1`, [ids['KS-SF-T01']]);
    await t.dataSource.query(`UPDATE pre_read SET call = 'MALIGNANT', completed_at = now() WHERE id = $1`, [late.id]);
    expect((await dashboard(doctor, { fromMonth: '2026-01', toMonth: thisMonth })).screenings).toBe(before.screenings);
    // Only the touched institution-months are recounted: this month and January 2026 at Tokuzak.
    expect(await t.app.get(ScreeningRollup).refresh()).toBe(2);
    const after = await dashboard(doctor, { fromMonth: '2026-01', toMonth: thisMonth });
    expect(after.screenings).toBe(before.screenings + 1);
    expect(after.aiPositive).toBe(before.aiPositive + 1);
    expect(after.months.find((m: { month: string }) => m.month === '2026-01').aiPositive).toBe(2);
  });
});
