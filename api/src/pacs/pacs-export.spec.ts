import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { AuditEvent } from '../audit/audit-event.entity.js';
import { ConsultReport } from '../consults/reports/consult-report.entity.js';
import { Institution } from '../identity/institution.entity.js';
import { createStudy, registerPatient } from '../testing/clinical-fixtures.js';
import { DATASETS_DIR } from '../testing/datasets.js';
import { signedReport } from '../testing/signed-report.js';
import { codeOf, createTestApp, type TestApp } from '../testing/test-app.js';
import { DATABASE_KINDS } from '../testing/test-database.js';
import { freePort } from '../common/free-port.js';
import { PacsOutbox } from './pacs-outbox.service.js';
import { PacsSend, PacsSendKind, PacsSendStatus } from './pacs-send.entity.js';
import { startOrthanc, type Orthanc } from './testing/orthanc.js';
import { servedModel } from '../testing/served-model.js';

const IMAGE = readFileSync(join(DATASETS_DIR, 'busi/images/busi_malignant_047.png'));
const REGISTER = 'mutation($d: RegisterPacsDestinationInput!) { registerPacsDestination(input: $d) { id aeTitle active } }';
const SENDS = 'query($id: ID!) { studyPacsSends(studyId: $id) { kind status attempts lastError sopInstanceUids destinationId } }';

type Tags = Record<string, unknown>;

/** Every TextValue anywhere in an SR's simplified tags, in document order. */
const textValues = (node: unknown): string[] =>
  Array.isArray(node) ? node.flatMap(textValues) : node && typeof node === 'object' ? Object.entries(node).flatMap(([k, v]) => (k === 'TextValue' ? [String(v)] : textValues(v))) : [];

/** Real Orthanc as the hospital's PACS: Oasis pushes SR, Secondary Capture and Encapsulated PDF, read back through Orthanc's REST API. */
describe.each(DATABASE_KINDS)('results back to the PACS (%s)', (kind) => {
  let t: TestApp;
  let orthanc: Orthanc;
  let admin: string;
  let doctor: string;
  let specialist: string;
  let institutionId: string;
  let destinationId: string;
  let studyId: string;

  const sendsOf = (id: string) => t.dataSource.getRepository(PacsSend).find({ where: { studyId: id }, order: { kind: 'ASC' } });
  const instancesOf = async (patientId: string) => {
    const found = await orthanc.get<string[]>(`/patients`);
    const patients = await Promise.all(found.map((id) => orthanc.get<{ MainDicomTags: { PatientID: string }; ID: string }>(`/patients/${id}`)));
    const patient = patients.find((p) => p.MainDicomTags.PatientID === patientId);
    return patient ? orthanc.get<Array<{ ID: string }>>(`/patients/${patient.ID}/instances`) : [];
  };
  const tagsOf = (instanceId: string) => orthanc.get<Tags>(`/instances/${instanceId}/tags?simplify`);

  beforeAll(async () => {
    orthanc = await startOrthanc();
    // The outbox is driven by the test (tick) rather than its timer.
    t = await createTestApp(kind, { OASIS_PACS_INTERVAL_MS: '3600000' });
    admin = await t.signIn('admin');
    doctor = await t.signIn('doctor');
    specialist = await t.signIn('specialist');
    institutionId = (await t.gql('{ me { roles { institutionId } } }', {}, doctor)).data!.me.roles[0].institutionId;
    const registered = await t.gql(REGISTER, { d: { institutionId, label: 'County hospital PACS', aeTitle: orthanc.aeTitle, host: '127.0.0.1', port: orthanc.dicomPort } }, admin);
    expect(registered.errors).toBeUndefined();
    destinationId = registered.data!.registerPacsDestination.id;
  });
  afterAll(async () => {
    await t?.close();
    await orthanc?.stop();
  });

  it('sends a pre-read as a TID 1500 SR and an overlay capture that Orthanc files under the patient, and DCMTK reads', async () => {
    const patientId = await registerPatient(t, doctor, institutionId, '阿依古丽 Ayigul', undefined, { birthDate: '1980-02-01', dicomPatientId: `PID-${kind}` });
    studyId = await createStudy(t, doctor, patientId, 'BREAST', IMAGE);
    await t.app.get(PacsOutbox).tick();
    const [send] = await sendsOf(studyId);
    expect(send).toMatchObject({ kind: PacsSendKind.PRE_READ, status: PacsSendStatus.SENT, attempts: 1, lastError: null, destinationId });
    expect(send!.sopInstanceUids).toHaveLength(2);

    const instances = await instancesOf(`PID-${kind}`);
    const tags = await Promise.all(instances.map((i) => tagsOf(i.ID)));
    const sr = tags.find((tg) => tg.Modality === 'SR')!;
    const sc = tags.find((tg) => tg.SOPClassUID === '1.2.840.10008.5.1.4.1.1.7')!;
    expect(sr).toMatchObject({ SOPClassUID: '1.2.840.10008.5.1.4.1.1.88.33', PatientName: '阿依古丽 Ayigul', PatientBirthDate: '19800201', CompletionFlag: 'COMPLETE', VerificationFlag: 'UNVERIFIED' });
    expect(sr.ContentTemplateSequence).toEqual([expect.objectContaining({ MappingResource: 'DCMR', TemplateIdentifier: '1500' })]);
    const texts = textValues(sr.ContentSequence);
    expect(texts).toEqual(expect.arrayContaining(['Lesion 1', (await servedModel(t, 'BREAST')).version]));
    expect(texts.some((x) => /adjunct only|EXPERIMENTAL/.test(x))).toBe(true);
    // The SR and the capture are filed in one study with each other, the SR pointing at the capture.
    expect(sr.StudyInstanceUID).toBe(sc.StudyInstanceUID);
    expect(JSON.stringify(sr.ContentSequence)).toContain(String(sc.SOPInstanceUID));
    expect(sc).toMatchObject({ Modality: 'US', PhotometricInterpretation: 'RGB', BurnedInAnnotation: 'YES' });
    // Orthanc renders the capture: the boxes are burned in (yellow pixels where the grey frame has none).
    const preview = await sharp(await orthanc.getBytes(`/instances/${instances[tags.indexOf(sc)]!.ID}/preview`)).raw().toBuffer({ resolveWithObject: true });
    let yellow = 0;
    for (let i = 0; i < preview.data.length; i += preview.info.channels) if (preview.data[i]! > 200 && preview.data[i + 1]! > 170 && preview.data[i + 2]! < 60) yellow++;
    expect(yellow).toBeGreaterThan(50);

    // DCMTK reads the SR as Orthanc holds it.
    const dir = await mkdtemp(join(tmpdir(), 'oasis-sr-'));
    try {
      const file = join(dir, 'sr.dcm');
      await writeFile(file, await orthanc.getBytes(`/instances/${instances[tags.indexOf(sr)]!.ID}/file`));
      const { stdout } = await promisify(execFile)('dcmdump', ['+U8', file]);
      expect(stdout).toContain('Imaging Measurement Report');
      expect(stdout).toContain('Tracking Identifier');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    // Sending is audited (patient data left for the PACS).
    expect(await t.dataSource.getRepository(AuditEvent).countBy({ action: 'pacs.send', resourceId: studyId })).toBe(1);
  });

  it('sends a signed report as an Encapsulated PDF holding the signed bytes, once however often it scans', async () => {
    const { reportId } = await signedReport(t, doctor, specialist, studyId, { impression: 'Suspicious', recommendation: 'BIOPSY', categorySystem: 'BI-RADS', categoryValue: '4B' });
    const outbox = t.app.get(PacsOutbox);
    await outbox.tick();
    await outbox.tick();
    const sends = await sendsOf(studyId);
    expect(sends.map((s) => [s.kind, s.status])).toEqual([
      [PacsSendKind.PRE_READ, PacsSendStatus.SENT],
      [PacsSendKind.REPORT, PacsSendStatus.SENT],
    ]);
    const instances = await instancesOf(`PID-${kind}`);
    const tags = await Promise.all(instances.map((i) => tagsOf(i.ID)));
    const doc = tags.find((tg) => tg.Modality === 'DOC')!;
    expect(doc).toMatchObject({ SOPClassUID: '1.2.840.10008.5.1.4.1.1.104.1', MIMETypeOfEncapsulatedDocument: 'application/pdf' });
    const pdf = await orthanc.getBytes(`/instances/${instances[tags.indexOf(doc)]!.ID}/pdf`);
    const signed = await t.dataSource.getRepository(ConsultReport).findOneByOrFail({ id: reportId });
    expect(createHash('sha256').update(pdf.subarray(0, Number(doc.EncapsulatedDocumentLength ?? pdf.length))).digest('hex')).toBe(signed.pdfSha256);
    expect(instances).toHaveLength(3);

    // The study page's view of it: for those who may read the study only.
    const seen = (await t.gql(SENDS, { id: studyId }, doctor)).data!.studyPacsSends;
    expect(seen.map((s: { kind: string; status: string }) => `${s.kind} ${s.status}`)).toEqual(['PRE_READ SENT', 'REPORT SENT']);
    expect(codeOf(await t.gql(SENDS, { id: studyId }, await t.signIn('trainer')))).toBe('FORBIDDEN');
  });

  it('keeps results queued while a PACS is down and sends them when it is back; never to another institution', async () => {
    const closed = await freePort();
    const down = (await t.gql(REGISTER, { d: { institutionId, label: 'Second PACS', aeTitle: orthanc.aeTitle, host: '127.0.0.1', port: closed } }, admin)).data!.registerPacsDestination.id;
    const other = await t.dataSource.getRepository(Institution).findOneByOrFail({ code: 'KS-PH' });
    const foreign = (await t.gql(REGISTER, { d: { institutionId: other.id, label: 'Prefecture PACS', aeTitle: orthanc.aeTitle, host: '127.0.0.1', port: orthanc.dicomPort } }, admin)).data!.registerPacsDestination.id;
    const patientId = await registerPatient(t, doctor, institutionId, 'Second Patient', undefined, { dicomPatientId: `PID2-${kind}` });
    const second = await createStudy(t, doctor, patientId, 'BREAST', IMAGE);
    const outbox = t.app.get(PacsOutbox);
    await outbox.tick();
    const sends = await sendsOf(second);
    expect(sends.map((s) => s.destinationId).sort()).toEqual([destinationId, down].sort());
    expect(sends.find((s) => s.destinationId === foreign)).toBeUndefined();
    const waiting = sends.find((s) => s.destinationId === down)!;
    expect(waiting).toMatchObject({ status: PacsSendStatus.QUEUED, attempts: 1 });
    expect(waiting.lastError).toMatch(/network|ECONNREFUSED/i);
    expect(waiting.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());

    // The PACS comes back (here: at its real port) and the retry falls due.
    await t.dataSource.query(`UPDATE pacs_destination SET port = $2 WHERE id = $1`, [down, orthanc.dicomPort]);
    await t.dataSource.query(`UPDATE pacs_send SET next_attempt_at = now() WHERE id = $1`, [waiting.id]);
    await outbox.tick();
    expect(await t.dataSource.getRepository(PacsSend).findOneByOrFail({ id: waiting.id })).toMatchObject({ status: PacsSendStatus.SENT, attempts: 2, lastError: null });
    // Sent twice (two destinations of the same institution), the same objects: Orthanc holds one copy.
    expect(await instancesOf(`PID2-${kind}`)).toHaveLength(2);
  });
});
