import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Institution } from '../../identity/institution.entity.js';
import { createStudy, registerPatient } from '../../testing/clinical-fixtures.js';
import { DATASETS_DIR } from '../../testing/datasets.js';
import { agreementPattern, recordAssessments, signedReport } from '../../testing/signed-report.js';
import { codeOf, createTestApp, type TestApp } from '../../testing/test-app.js';
import { DATABASE_KINDS } from '../../testing/test-database.js';
import { createSignedInUser } from '../../testing/users.js';

const IMAGE = readFileSync(join(DATASETS_DIR, 'busi/images/busi_malignant_047.png'));
const SITES = `query($f: MonitoringFilter) { modelMonitoring(filter: $f) { institutionId institutionName modelVersionId lesions missed cusum cusumLimit alert alertAfterLesions
  agreement { successes n value lower upper } sensitivity { successes n upper } specificity { successes n } auc { value lower upper n } sensitivityAlert sensitivityBound chart
  scanners { deviceId label lesions alert agreement { successes n } } } }`;

describe.each(DATABASE_KINDS)('model monitoring per site (%s)', (kind) => {
  let t: TestApp;
  let admin: string;
  let countyAdmin: string;
  let doctor: string;
  const ids: Record<string, string> = {};

  /** A signed report at the doctor's institution, then `agreed` as its assessed lesions in that order. */
  async function site(token: string, institution: string, agreed: boolean[]): Promise<{ reportId: string; studyId: string; modelVersionId: string }> {
    const specialist = await t.signIn('specialist');
    const patientId = await registerPatient(t, token, ids[institution], `Monitoring ${institution}`);
    const studyId = await createStudy(t, token, patientId, 'BREAST', IMAGE);
    const { reportId } = await signedReport(t, token, specialist, studyId, { impression: 'Suspicious', recommendation: 'BIOPSY', categorySystem: 'BI-RADS', categoryValue: '4B' });
    const [{ model_version_id: modelVersionId }] = await t.dataSource.query(`SELECT model_version_id FROM pre_read WHERE study_id = $1`, [studyId]);
    await recordAssessments(t, reportId, modelVersionId, agreed);
    return { reportId, studyId, modelVersionId };
  }

  beforeAll(async () => {
    t = await createTestApp(kind);
    for (const i of await t.dataSource.getRepository(Institution).find()) ids[i.code] = i.id;
    [admin, doctor] = await Promise.all([t.signIn('admin'), t.signIn('doctor')]);
    countyAdmin = (await createSignedInUser(t, admin, 'shufu.admin', [{ role: 'ADMIN', institutionId: ids['KS-SF-CH'] }])).token;
    const shuleDoctor = (await createSignedInUser(t, admin, 'shule.doctor', [{ role: 'TOWNSHIP_DOCTOR', institutionId: ids['KS-SL-T01'] }])).token;
    // Tokuzak: 90 % for 30 lesions, then 70 % (a new scanner); Shule: 90 % throughout.
    const tokuzak = await site(doctor, 'KS-SF-T01', [...agreementPattern(3, [9]), ...agreementPattern(5, [2, 5, 8])]);
    // Tokuzak's study came from its registered scanner (the new one).
    const [{ id: adminId }] = await t.dataSource.query(`SELECT id FROM app_user WHERE username = 'admin'`);
    const [device] = await t.dataSource.query(`INSERT INTO dicom_device (institution_id, ae_title, label, region, created_by) VALUES ($1, 'TKZ_US1', 'Mindray DC-70', 'BREAST', $2) RETURNING id`, [ids['KS-SF-T01'], adminId]);
    await t.dataSource.query(`UPDATE study SET device_id = $1 WHERE id = $2`, [device.id, tokuzak.studyId]);
    ids.device = device.id;
    await site(shuleDoctor, 'KS-SL-T01', agreementPattern(10, [4]));
    Object.assign(ids, { tokuzakStudy: tokuzak.studyId, model: tokuzak.modelVersionId });
  });
  afterAll(() => t?.close());

  it('flags the site whose agreement fell to 70 % within the lesions the rule needs, and not the stable one', async () => {
    const sites = (await t.gql(SITES, {}, admin)).data!.modelMonitoring;
    const tokuzak = sites.find((s: { institutionId: string }) => s.institutionId === ids['KS-SF-T01']);
    const shule = sites.find((s: { institutionId: string }) => s.institutionId === ids['KS-SL-T01']);
    expect(sites[0]).toBe(tokuzak);
    // 40 lesions after the drop suffice (agreement-cusum.spec.ts shows why).
    expect(tokuzak).toMatchObject({ lesions: 80, alert: true, cusumLimit: 5, agreement: { successes: 27 + 35, n: 80 } });
    expect(tokuzak.alertAfterLesions).toBeGreaterThan(30);
    expect(tokuzak.alertAfterLesions).toBeLessThanOrEqual(30 + 40);
    expect(shule).toMatchObject({ lesions: 100, alert: false, alertAfterLesions: null, agreement: { successes: 90, n: 100 } });
    // The control chart: one point per lesion, crossing the limit where the alert fired; per scanner, the same rule.
    expect(tokuzak.chart).toHaveLength(80);
    expect(tokuzak.chart[tokuzak.alertAfterLesions - 1]).toBeGreaterThanOrEqual(5);
    expect(tokuzak.chart[tokuzak.alertAfterLesions - 2]).toBeLessThan(5);
    expect(tokuzak.scanners).toEqual([{ deviceId: ids.device, label: 'Mindray DC-70', lesions: 80, alert: true, agreement: { successes: 62, n: 80 } }]);
    expect(shule.scanners).toEqual([{ deviceId: null, label: null, lesions: 100, alert: false, agreement: { successes: 90, n: 100 } }]);
    expect(shule.agreement.lower).toBeLessThan(0.9);
    expect(shule.agreement.upper).toBeGreaterThan(0.9);
    expect((await t.gql('{ modelAlerts { institutionId } }', {}, admin)).data!.modelAlerts).toEqual([{ institutionId: ids['KS-SF-T01'] }]);
  });

  it('shows an admin the sites of their tree only; a site outside it answers nothing; clinicians are refused', async () => {
    expect((await t.gql(SITES, {}, countyAdmin)).data!.modelMonitoring.map((s: { institutionId: string }) => s.institutionId)).toEqual([ids['KS-SF-T01']]);
    expect((await t.gql(SITES, { f: { institutionId: ids['KS-SL-T01'] } }, countyAdmin)).data!.modelMonitoring).toEqual([]);
    expect(codeOf(await t.gql(SITES, {}, doctor))).toBe('FORBIDDEN');
  });

  it('computes sensitivity and specificity per site from pathology recorded in follow-up', async () => {
    const [caseRow] = await t.dataSource.query(`SELECT id FROM follow_up_case WHERE study_id = $1`, [ids.tokuzakStudy]);
    const [aiLesion] = await t.dataSource.query(`SELECT l.id, p.id AS pre_read_id FROM lesion l JOIN pre_read p ON p.id = l.pre_read_id WHERE p.study_id = $1 LIMIT 1`, [ids.tokuzakStudy]);
    // The model's call on that image, as a validated model would have made it (the served one may be experimental).
    await t.dataSource.query(`UPDATE pre_read SET call = 'MALIGNANT', malignancy_probability = 0.9 WHERE id = $1`, [aiLesion.pre_read_id]);
    const add = (lesionId: string, added: boolean, pathology: string) =>
      t.dataSource.query(`INSERT INTO follow_up_lesion (case_id, lesion_id, model_version_id, added, pathology, pathology_at) VALUES ($1, $2, $3, $4, $5, now())`, [caseRow.id, lesionId, ids.model, added, pathology]);
    await add(aiLesion.id, false, 'MALIGNANT'); // true positive
    await add(randomUUID(), true, 'MALIGNANT'); // the AI missed it: false negative
    await add(randomUUID(), true, 'BENIGN'); // nothing found, benign: true negative
    await add(randomUUID(), true, 'OTHER'); // neither: not counted
    const [tokuzak] = (await t.gql(SITES, { f: { institutionId: ids['KS-SF-T01'] } }, admin)).data!.modelMonitoring;
    // AUC: the malignant lesions score 0.9 and 0 (missed), the benign one 0: one win and one tie of two pairs.
    expect(tokuzak).toMatchObject({ sensitivity: { successes: 1, n: 2 }, specificity: { successes: 1, n: 1 }, auc: { value: 0.75, n: 3 }, sensitivityAlert: false, sensitivityBound: 0.8 });
    expect(tokuzak.auc.lower).toBeLessThan(0.75);
    const outcomes = (await t.gql('query($f: MonitoringFilter) { lesionOutcomes(filter: $f) { lesionId aiCall pathology added } }', { f: { modelVersionId: ids.model } }, countyAdmin)).data!.lesionOutcomes;
    expect(outcomes).toHaveLength(4);
    expect(outcomes.find((o: { lesionId: string }) => o.lesionId === aiLesion.id)).toMatchObject({ aiCall: 'MALIGNANT', pathology: 'MALIGNANT', added: false });
  });

  it('raises the sensitivity alert once enough malignant lesions were missed that sensitivity is below the bound with 95 % confidence', async () => {
    const [caseRow] = await t.dataSource.query(`SELECT id FROM follow_up_case WHERE study_id = $1`, [ids.tokuzakStudy]);
    // 1 of 2 is not enough to say; 1 of 6 is (Wilson upper bound about 0.56 < 0.8).
    for (let i = 0; i < 4; i++) {
      await t.dataSource.query(`INSERT INTO follow_up_lesion (case_id, lesion_id, model_version_id, added, pathology, pathology_at) VALUES ($1, $2, $3, true, 'MALIGNANT', now())`, [caseRow.id, randomUUID(), ids.model]);
    }
    const [tokuzak] = (await t.gql(SITES, { f: { institutionId: ids['KS-SF-T01'] } }, admin)).data!.modelMonitoring;
    expect(tokuzak).toMatchObject({ sensitivity: { successes: 1, n: 6 }, sensitivityAlert: true });
    expect(tokuzak.sensitivity.upper).toBeLessThan(0.8);
  });
});
