import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Institution } from '../../identity/institution.entity.js';
import { BLOB_STORE, type BlobStore } from '../../storage/blob-store.js';
import { createStudy, registerPatient } from '../../testing/clinical-fixtures.js';
import { DATASETS_DIR } from '../../testing/datasets.js';
import { subscribe } from '../../testing/subscribe.js';
import { codeOf, createTestApp, type TestApp } from '../../testing/test-app.js';

const IMAGE = readFileSync(join(DATASETS_DIR, 'busi/images/busi_malignant_047.png'));
const SAVE = 'mutation($i: SaveReportInput!) { saveConsultReport(input: $i) { id version status } }';
const CONSULT = `query($id: ID!) { consult(id: $id) { status signedAt requestToClaimSeconds claimToSignSeconds
  reportVersions { id version status contentHash pdfSha256 impression lesionAssessments { lesionId agreement } }
  messages { body authorId } } }`;

describe('signed second-opinion reports', () => {
  let t: TestApp;
  let doctor: string;
  let specialist: string;
  let consultId: string;
  let lesionId: string;

  beforeAll(async () => {
    t = await createTestApp('pglite');
    doctor = await t.signIn('doctor');
    specialist = await t.signIn('specialist');
    const institutionId = (await t.dataSource.getRepository(Institution).findOneByOrFail({ code: 'KS-SF-T01' })).id;
    const studyId = await createStudy(t, doctor, await registerPatient(t, doctor, institutionId, '王芳'), 'BREAST', IMAGE);
    consultId = (await t.gql('mutation($i: RequestConsultInput!) { requestConsult(input: $i) { id } }', { i: { studyId, clinicalQuestion: '左乳肿块：活检还是随访？' } }, doctor)).data!
      .requestConsult.id;
    await t.gql('mutation($id: ID!) { claimConsult(id: $id) { id } }', { id: consultId }, specialist);
    await t.gql('mutation($id: ID!) { startConsultReview(id: $id) { id } }', { id: consultId }, specialist);
    lesionId = (await t.gql('query($id: ID!) { study(id: $id) { images { preRead { lesions { id } } } } }', { id: studyId }, specialist)).data!.study.images[0].preRead.lesions[0].id;
  });
  afterAll(() => t?.close());

  it('goes from draft to a signed, immutable report with a PDF, agreement records and turnaround', async () => {
    const draft = await t.gql(
      SAVE,
      { i: { consultId, findings: 'Irregular hypoechoic mass, 12 mm, angular margins.', impression: '可疑恶性', recommendation: 'BIOPSY', categorySystem: 'BI-RADS', categoryValue: '4B', lesionAssessments: [{ lesionId, agreement: 'AGREE' }] } },
      specialist,
    );
    expect(draft.data!.saveConsultReport).toMatchObject({ version: 1, status: 'DRAFT' });
    // Signing before the report is submitted, or by someone else, is refused.
    expect(codeOf(await t.gql('mutation($id: ID!) { signConsultReport(consultId: $id) { id } }', { id: consultId }, specialist))).toBe('ILLEGAL_TRANSITION');
    expect((await t.gql('mutation($id: ID!) { submitConsultReport(consultId: $id) { status } }', { id: consultId }, specialist)).data).toEqual({ submitConsultReport: { status: 'REPORTED' } });
    expect(codeOf(await t.gql('mutation($id: ID!) { signConsultReport(consultId: $id) { id } }', { id: consultId }, doctor))).toBe('FORBIDDEN');

    // A failure while the PDF is being stored leaves no half state: no signature, the report still a draft.
    const blobs = t.app.get<BlobStore>(BLOB_STORE);
    const put = blobs.put.bind(blobs);
    blobs.put = async () => {
      throw new Error('disk full');
    };
    const failed = await t.gql('mutation($id: ID!) { signConsultReport(consultId: $id) { id } }', { id: consultId }, specialist);
    blobs.put = put;
    expect(codeOf(failed)).toBe('INTERNAL_SERVER_ERROR');
    expect((await t.gql(CONSULT, { id: consultId }, doctor)).data!.consult).toMatchObject({ status: 'REPORTED', signedAt: null, reportVersions: [{ status: 'DRAFT', contentHash: null, pdfSha256: null }] });

    const live = subscribe<{ consultChanged: { id: string; status: string } }>(t.url, doctor, 'subscription { consultChanged { id status } }');
    await live.ready;
    const signed = await t.gql('mutation($id: ID!) { signConsultReport(consultId: $id) { id status contentHash pdfSha256 signedAt } }', { id: consultId }, specialist);
    expect(signed.errors).toBeUndefined();
    await live.waitFor((events) => events.some((e) => e.consultChanged.status === 'SIGNED'));
    await live.close();

    const consult = (await t.gql(CONSULT, { id: consultId }, doctor)).data!.consult;
    expect(consult).toMatchObject({ status: 'SIGNED' });
    expect(consult.requestToClaimSeconds).toBeGreaterThanOrEqual(0);
    expect(consult.claimToSignSeconds).toBeGreaterThanOrEqual(0);
    const [report] = consult.reportVersions;
    expect(report).toMatchObject({ version: 1, status: 'SIGNED', contentHash: expect.stringMatching(/^[0-9a-f]{64}$/), lesionAssessments: [{ lesionId, agreement: 'AGREE' }] });
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM lesion_agreement WHERE report_id = $1 AND agreement = 'AGREE'`, [report.id]);
    expect(count).toBe(1);

    // The township doctor downloads the PDF; it names the signed content's hash.
    const pdf = await fetch(`${t.url}/reports/${report.id}/pdf`, { headers: { authorization: `Bearer ${doctor}` } });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.toString('latin1')).toContain(`sha256:${report.contentHash}`);
    expect((await fetch(`${t.url}/reports/${report.id}/pdf`, { headers: { authorization: `Bearer ${await t.signIn('trainee')}` } })).status).toBe(403);

    const verified = await t.gql('query($id: ID!) { verifyConsultReport(reportId: $id) { valid contentHashMatches pdfIntact } }', { id: report.id }, doctor);
    expect(verified.data!.verifyConsultReport).toEqual({ valid: true, contentHashMatches: true, pdfIntact: true });
  });

  it('refuses any change to a signed report, in the API and in the database', async () => {
    expect(codeOf(await t.gql(SAVE, { i: { consultId, impression: 'changed' } }, specialist))).toBe('ILLEGAL_TRANSITION');
    await expect(t.dataSource.query(`UPDATE consult_report SET impression = 'tampered' WHERE consult_id = $1`, [consultId])).rejects.toThrow(/signed report cannot change/);
  });

  it('notices a PDF changed on disk', async () => {
    const report = (await t.gql(CONSULT, { id: consultId }, doctor)).data!.consult.reportVersions[0];
    const path = join(t.config.dataDir, 'blobs', report.pdfSha256.slice(0, 2), report.pdfSha256.slice(2, 4), report.pdfSha256);
    const original = readFileSync(path);
    await writeFile(path, Buffer.concat([original, Buffer.from('%tampered')]));
    const verified = (await t.gql('query($id: ID!) { verifyConsultReport(reportId: $id) { valid pdfIntact contentHashMatches } }', { id: report.id }, doctor)).data!.verifyConsultReport;
    expect(verified).toEqual({ valid: false, pdfIntact: false, contentHashMatches: true });
    await writeFile(path, original);
  });

  it('amends as a new version and keeps the signed one unchanged', async () => {
    const amended = await t.gql('mutation($id: ID!) { amendConsultReport(consultId: $id) { version status impression } }', { id: consultId }, specialist);
    expect(amended.data!.amendConsultReport).toEqual({ version: 2, status: 'DRAFT', impression: '可疑恶性' });
    await t.gql(SAVE, { i: { consultId, impression: '可疑恶性；建议穿刺', recommendation: 'BIOPSY' } }, specialist);
    await t.gql('mutation($id: ID!) { signConsultReport(consultId: $id) { id } }', { id: consultId }, specialist);
    const versions = (await t.gql(CONSULT, { id: consultId }, doctor)).data!.consult.reportVersions;
    expect(versions.map((r: { version: number; status: string; impression: string }) => [r.version, r.status, r.impression])).toEqual([
      [1, 'SIGNED', '可疑恶性'],
      [2, 'SIGNED', '可疑恶性；建议穿刺'],
    ]);
  });

  it('lets both sides exchange messages on the case, live', async () => {
    const live = subscribe<{ consultMessagePosted: { body: string } }>(t.url, specialist, `subscription { consultMessagePosted(consultId: "${consultId}") { body } }`);
    await live.ready;
    await t.gql('mutation($i: PostMessageInput!) { postConsultMessage(input: $i) { id } }', { i: { consultId, body: 'Patient can travel to the county hospital next week.' } }, doctor);
    await live.waitFor((events) => events.length > 0);
    await live.close();
    expect((await t.gql(CONSULT, { id: consultId }, specialist)).data!.consult.messages.map((m: { body: string }) => m.body)).toEqual(['Patient can travel to the county hospital next week.']);
    expect(codeOf(await t.gql('mutation($i: PostMessageInput!) { postConsultMessage(input: $i) { id } }', { i: { consultId, body: 'hi' } }, await t.signIn('trainer')))).toBe('FORBIDDEN');
  });
});
