import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Institution } from '../../identity/institution.entity.js';
import { BLOB_STORE, type BlobStore } from '../../storage/blob-store.js';
import { createStudy, registerPatient } from '../../testing/clinical-fixtures.js';
import { DATASETS_DIR } from '../../testing/datasets.js';
import { subscribe } from '../../testing/subscribe.js';
import { codeOf, createTestApp, type TestApp } from '../../testing/test-app.js';
import { DATABASE_KINDS } from '../../testing/test-database.js';
import { PreReadQueue } from '../../ai/pre-read-queue.service.js';
import { uploadFile } from '../../testing/upload-client.js';
import { pdfText, squeeze } from '../../testing/pdf-text.js';

const IMAGE = readFileSync(join(DATASETS_DIR, 'busi/images/busi_malignant_047.png'));
const SECOND_IMAGE = readFileSync(join(DATASETS_DIR, 'busi/images/busi_malignant_001.png'));
const SAVE = 'mutation($i: SaveReportInput!) { saveConsultReport(input: $i) { id version status revision } }';
const PREVIEW = 'mutation($id: ID!, $lang: String) { previewConsultReport(consultId: $id, language: $lang) { id revision previewRevision previewContentHash } }';
const SIGN = 'mutation($i: SignReportInput!) { signConsultReport(input: $i) { id status contentHash pdfSha256 signedAt } }';
const PASSWORD = 'Oasis-specialist-2026';
const CONSULT = `query($id: ID!) { consult(id: $id) { status signedAt requestToClaimSeconds claimToSignSeconds
  reportVersions { id version status contentHash pdfSha256 impression lesionAssessments { lesionId agreement } }
  messages { body authorId } } }`;

describe.each(DATABASE_KINDS)('signed second-opinion reports (%s)', (kind) => {
  let t: TestApp;
  let doctor: string;
  let specialist: string;
  let consultId: string;
  let lesionId: string;
  let studyId: string;
  let secondImageId: string;
  /** Lesion numbers as the consult page shows them: image by image, by index. */
  let secondImageFirstLesion: { id: string; n: number };

  beforeAll(async () => {
    t = await createTestApp(kind);
    doctor = await t.signIn('doctor');
    specialist = await t.signIn('specialist');
    const institutionId = (await t.dataSource.getRepository(Institution).findOneByOrFail({ code: 'KS-SF-T01' })).id;
    const patientId = await registerPatient(t, doctor, institutionId, '王芳', undefined, { birthDate: '1981-03-15', nationalId: '653101198103150026', address: 'Tokkuzak, Shufu' });
    studyId = await createStudy(t, doctor, patientId, 'BREAST');
    await uploadFile(t.url, doctor, studyId, IMAGE, 64 * 1024, 'busi_malignant_047.png');
    await uploadFile(t.url, doctor, studyId, SECOND_IMAGE, 64 * 1024, 'busi_malignant_001.png');
    await t.app.get(PreReadQueue).idle();
    consultId = (await t.gql('mutation($i: RequestConsultInput!) { requestConsult(input: $i) { id } }', { i: { studyId, clinicalQuestion: '左乳肿块：活检还是随访？' } }, doctor)).data!
      .requestConsult.id;
    await t.gql('mutation($id: ID!) { claimConsult(id: $id) { id } }', { id: consultId }, specialist);
    await t.gql('mutation($id: ID!) { startConsultReview(id: $id) { id } }', { id: consultId }, specialist);
    const images: Array<{ id: string; preRead: { lesions: Array<{ id: string; index: number }> } }> = (
      await t.gql('query($id: ID!) { study(id: $id) { images { id preRead { lesions { id index } } } } }', { id: studyId }, specialist)
    ).data!.study.images;
    lesionId = images[0].preRead.lesions.find((l) => l.index === 0)!.id;
    secondImageId = images[1].id;
    secondImageFirstLesion = { id: images[1].preRead.lesions.find((l) => l.index === 0)!.id, n: images[0].preRead.lesions.length + 1 };
  });
  afterAll(() => t?.close());

  it('goes from draft to a signed, immutable report with a PDF, agreement records and turnaround', async () => {
    const draft = await t.gql(
      SAVE,
      {
        i: {
          consultId,
          baseRevision: 0,
          findings: 'Irregular hypoechoic mass, 12 mm, angular margins.',
          impression: '可疑恶性',
          recommendation: 'BIOPSY',
          categorySystem: 'BI-RADS',
          categoryValue: '4B',
          lesionAssessments: [
            { lesionId, agreement: 'AGREE' },
            { lesionId: secondImageFirstLesion.id, agreement: 'DISAGREE', note: 'Not a nodule' },
          ],
          addedLesions: [{ id: 'a0a0a0a0-0000-4000-8000-000000000001', imageId: secondImageId, x: 20, y: 30, width: 40, height: 30, category: '4A', note: 'AI missed' }],
        },
      },
      specialist,
    );
    expect(draft.data!.saveConsultReport).toMatchObject({ version: 1, status: 'DRAFT', revision: 1 });
    // Signing before the report is submitted, or by someone else, is refused.
    expect(codeOf(await t.gql(SIGN, { i: { consultId, password: PASSWORD, contentHash: '0'.repeat(64) } }, specialist))).toBe('ILLEGAL_TRANSITION');
    expect((await t.gql('mutation($id: ID!) { submitConsultReport(consultId: $id) { status } }', { id: consultId }, specialist)).data).toEqual({ submitConsultReport: { status: 'REPORTED' } });
    expect(codeOf(await t.gql(SIGN, { i: { consultId, password: PASSWORD, contentHash: '0'.repeat(64) } }, doctor))).toBe('FORBIDDEN');
    // Off the worklist now, it still waits for its specialist's signature (their Home lists it), and no one else's.
    const CLAIMED = '{ myClaimedConsults { id status } }';
    expect((await t.gql(CLAIMED, {}, specialist)).data!.myClaimedConsults).toContainEqual({ id: consultId, status: 'REPORTED' });
    expect(codeOf(await t.gql(CLAIMED, {}, doctor))).toBe('FORBIDDEN');

    // A failure while the preview PDF is being stored leaves no preview behind.
    const blobs = t.app.get<BlobStore>(BLOB_STORE);
    const put = blobs.put.bind(blobs);
    blobs.put = async () => {
      throw new Error('disk full');
    };
    const failed = await t.gql(PREVIEW, { id: consultId }, specialist);
    blobs.put = put;
    expect(codeOf(failed)).toBe('INTERNAL_SERVER_ERROR');
    expect((await t.gql(CONSULT, { id: consultId }, doctor)).data!.consult).toMatchObject({ status: 'REPORTED', signedAt: null, reportVersions: [{ status: 'DRAFT', contentHash: null, pdfSha256: null }] });

    // The specialist sees the preview PDF (their language, no identity), then signs exactly that.
    const preview = (await t.gql(PREVIEW, { id: consultId }, specialist)).data!.previewConsultReport;
    expect(preview).toMatchObject({ revision: 1, previewRevision: 1, previewContentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const shown = await fetch(`${t.url}/reports/${preview.id}/preview`, { headers: { authorization: `Bearer ${specialist}` } });
    expect(shown.headers.get('content-disposition')).toMatch(/^inline/);
    const previewBytes = Buffer.from(await shown.arrayBuffer());
    expect((await fetch(`${t.url}/reports/${preview.id}/preview`, { headers: { authorization: `Bearer ${doctor}` } })).status).toBe(403);

    // A wrong password signs nothing and is audited as a denial.
    expect(codeOf(await t.gql(SIGN, { i: { consultId, password: 'wrong-password', contentHash: preview.previewContentHash } }, specialist))).toBe('INVALID_CREDENTIALS');
    expect((await t.gql(CONSULT, { id: consultId }, doctor)).data!.consult.reportVersions[0]).toMatchObject({ status: 'DRAFT', contentHash: null });
    const [denied] = await t.dataSource.query(`SELECT outcome, code FROM audit_event WHERE action = 'consult.report-sign' AND resource_id = $1`, [consultId]);
    expect(denied).toEqual({ outcome: 'DENIED', code: 'INVALID_CREDENTIALS' });

    const live = subscribe<{ consultChanged: { id: string; status: string } }>(t.url, doctor, 'subscription { consultChanged { id status } }');
    await live.ready;
    const signed = await t.gql(SIGN, { i: { consultId, password: PASSWORD, contentHash: preview.previewContentHash } }, specialist);
    expect(signed.errors).toBeUndefined();
    expect(signed.data!.signConsultReport.contentHash).toBe(preview.previewContentHash);
    await live.waitFor((events) => events.some((e) => e.consultChanged.status === 'SIGNED'));
    await live.close();

    const consult = (await t.gql(CONSULT, { id: consultId }, doctor)).data!.consult;
    expect(consult).toMatchObject({ status: 'SIGNED' });
    expect((await t.gql(CLAIMED, {}, specialist)).data!.myClaimedConsults.map((c: { id: string }) => c.id)).not.toContain(consultId);
    expect(consult.requestToClaimSeconds).toBeGreaterThanOrEqual(0);
    expect(consult.claimToSignSeconds).toBeGreaterThanOrEqual(0);
    const [report] = consult.reportVersions;
    expect(report).toMatchObject({ version: 1, status: 'SIGNED', contentHash: expect.stringMatching(/^[0-9a-f]{64}$/), lesionAssessments: [{ lesionId, agreement: 'AGREE' }, { lesionId: secondImageFirstLesion.id, agreement: 'DISAGREE' }] });
    const agreements = await t.dataSource.query(`SELECT lesion_id, agreement, image_id, category FROM lesion_agreement WHERE report_id = $1 ORDER BY agreement`, [report.id]);
    expect(agreements).toEqual([
      { lesion_id: lesionId, agreement: 'AGREE', image_id: null, category: null },
      { lesion_id: secondImageFirstLesion.id, agreement: 'DISAGREE', image_id: null, category: null },
      // The lesion the AI missed: a false negative for model monitoring.
      { lesion_id: 'a0a0a0a0-0000-4000-8000-000000000001', agreement: 'MISSED', image_id: secondImageId, category: '4A' },
    ]);

    // The signed bytes are the previewed ones; the specialist's download is that copy.
    const specialistCopy = await fetch(`${t.url}/reports/${report.id}/pdf`, { headers: { authorization: `Bearer ${specialist}` } });
    expect(Buffer.from(await specialistCopy.arrayBuffer()).equals(previewBytes)).toBe(true);

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

  it('gives the requesting institution the identity and the reviewing hospital age and sex only, in the reader’s language', async () => {
    const report = (await t.gql(CONSULT, { id: consultId }, doctor)).data!.consult.reportVersions[0];
    const download = async (token: string, lang: string) => pdfText(Buffer.from(await (await fetch(`${t.url}/reports/${report.id}/pdf?lang=${lang}`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer()));
    const identity = ['王芳', '653101198103150026', '1981-03-15', 'Tokkuzak'];

    const requesting = await download(doctor, 'en');
    for (const value of identity) expect(requesting).toContain(value);
    const reviewing = await download(specialist, 'en');
    for (const value of identity) expect(reviewing).not.toContain(value);
    expect(reviewing).toMatch(/female, \d+ years \(identity not shared with the reviewing hospital\)/);
    expect(reviewing).toContain(report.contentHash);

    // Lesion numbers and image names as on screen; the specialist's lesion follows the AI's.
    const n = secondImageFirstLesion.n;
    expect(reviewing).toContain('Lesion 1 (busi_malignant_047.png): agree');
    expect(reviewing).toContain(`Lesion ${n} (busi_malignant_001.png): disagree — Not a nodule`);
    expect(reviewing).toMatch(/Lesion \d+ \(busi_malignant_001\.png\): 4A — missed by the AI, added by the specialist — AI missed/);
    expect(reviewing).toContain(`${n} · AI`);
    // The signing time in the requesting institution's zone, with the offset.
    expect(reviewing).toMatch(/Signed: \d{4}-\d\d-\d\d \d\d:\d\d \(UTC\+08:00, Asia\/Shanghai\)/);

    const zh = await download(specialist, 'zh');
    expect(zh).toContain(`病灶 ${n}（busi_malignant_001.png）: 不同意`);
    expect(zh).toContain('可疑恶性');
    const ug = squeeze(await download(doctor, 'ug'));
    expect(ug).toContain(squeeze('قوشۇلمايمەن'));
    expect(ug).toContain(squeeze('كىملىك نومۇرى'));
    expect(ug).toContain('王芳');
  });

  it('refuses any change to a signed report, in the API and in the database', async () => {
    expect(codeOf(await t.gql(SAVE, { i: { consultId, baseRevision: 1, impression: 'changed' } }, specialist))).toBe('ILLEGAL_TRANSITION');
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
    await t.gql(SAVE, { i: { consultId, baseRevision: 0, impression: '可疑恶性；建议穿刺', recommendation: 'BIOPSY' } }, specialist);
    // A preview taken before the last edit is not what would be signed.
    const early = (await t.gql(PREVIEW, { id: consultId }, specialist)).data!.previewConsultReport;
    await t.gql(SAVE, { i: { consultId, baseRevision: 1, findings: 'Second look: unchanged.' } }, specialist);
    expect(codeOf(await t.gql(SIGN, { i: { consultId, password: PASSWORD, contentHash: early.previewContentHash } }, specialist))).toBe('CONFLICT');
    const fresh = (await t.gql(PREVIEW, { id: consultId }, specialist)).data!.previewConsultReport;
    expect((await t.gql(SIGN, { i: { consultId, password: PASSWORD, contentHash: fresh.previewContentHash } }, specialist)).errors).toBeUndefined();
    const versions = (await t.gql(CONSULT, { id: consultId }, doctor)).data!.consult.reportVersions;
    expect(versions.map((r: { version: number; status: string; impression: string }) => [r.version, r.status, r.impression])).toEqual([
      [1, 'SIGNED', '可疑恶性'],
      [2, 'SIGNED', '可疑恶性；建议穿刺'],
    ]);
  });

  it('never lets an older save overwrite a newer one: stale revisions get CONFLICT', async () => {
    const other = await newConsultInReview();
    // Two first saves at once: one creates the draft, the other is told it is stale.
    const firsts = await Promise.all(['A', 'B'].map((findings) => t.gql(SAVE, { i: { consultId: other, baseRevision: 0, findings } }, specialist)));
    expect(firsts.map((r) => r.data?.saveConsultReport?.revision ?? codeOf(r)).sort()).toEqual([1, 'CONFLICT']);
    // Saves arriving out of order: the one based on revision 1 wins, the late one based on 1 changes nothing.
    expect((await t.gql(SAVE, { i: { consultId: other, baseRevision: 1, findings: 'newer' } }, specialist)).data!.saveConsultReport.revision).toBe(2);
    const late = await t.gql(SAVE, { i: { consultId: other, baseRevision: 1, findings: 'older' } }, specialist);
    expect(codeOf(late)).toBe('CONFLICT');
    expect(late.errors![0].extensions!.revision).toBe(2);
    const stored = (await t.gql('query($id: ID!) { consult(id: $id) { reportVersions { findings revision } } }', { id: other }, specialist)).data!.consult.reportVersions;
    expect(stored).toEqual([{ findings: 'newer', revision: 2 }]);
  });

  it('takes BI-RADS 0-6 with 4A-4C and TI-RADS TR1-TR5, each within its own system', async () => {
    const other = await newConsultInReview();
    let revision = 0;
    for (const value of ['0', '1', '4C', '6']) {
      revision = (await t.gql(SAVE, { i: { consultId: other, baseRevision: revision, categorySystem: 'BI-RADS', categoryValue: value } }, specialist)).data!.saveConsultReport.revision;
    }
    expect(revision).toBe(4);
    expect(codeOf(await t.gql(SAVE, { i: { consultId: other, baseRevision: 4, categorySystem: 'BI-RADS', categoryValue: 'TR3' } }, specialist))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(SAVE, { i: { consultId: other, baseRevision: 4, categorySystem: 'TI-RADS', categoryValue: 'TR6' } }, specialist))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(SAVE, { i: { consultId: other, baseRevision: 4, addedLesions: [{ id: 'a0a0a0a0-0000-4000-8000-000000000002', imageId: other, x: 1, y: 1, width: 5, height: 5, category: '3' }] } }, specialist))).toBe(
      'BAD_USER_INPUT',
    );
  });

  /** Another patient's consult, claimed and in review. */
  async function newConsultInReview(): Promise<string> {
    const institutionId = (await t.dataSource.getRepository(Institution).findOneByOrFail({ code: 'KS-SF-T01' })).id;
    const otherStudy = await createStudy(t, doctor, await registerPatient(t, doctor, institutionId, 'Aygül'), 'BREAST');
    const id = (await t.gql('mutation($i: RequestConsultInput!) { requestConsult(input: $i) { id } }', { i: { studyId: otherStudy, clinicalQuestion: 'Second question' } }, doctor)).data!.requestConsult.id;
    await t.gql('mutation($id: ID!) { claimConsult(id: $id) { id } }', { id }, specialist);
    await t.gql('mutation($id: ID!) { startConsultReview(id: $id) { id } }', { id }, specialist);
    return id;
  }

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
