import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { IsNull, Not } from 'typeorm';
import { PreReadQueue } from '../ai/pre-read-queue.service.js';
import { codeOf, createTestApp, type TestApp } from '../testing/test-app.js';
import { DATABASE_KINDS } from '../testing/test-database.js';
import { createUpload, sendChunk, uploadOffset } from '../testing/upload-client.js';
import { createSignedInUser } from '../testing/users.js';
import { makeDicom } from './dicom/testing/make-dicom.js';
import { Upload } from './upload.entity.js';
import { UploadsService } from './uploads.service.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe.each(DATABASE_KINDS)('resumable uploads under concurrency and abandonment (%s)', (kind) => {
  let t: TestApp;
  let doctor: string;
  let studyId: string;

  beforeAll(async () => {
    t = await createTestApp(kind);
    doctor = await t.signIn('doctor');
    const institutionId = await institutionOf(t, doctor);
    const patientId = (await t.gql('mutation($p: RegisterPatientInput!) { registerPatient(input: $p) { id } }', { p: { institutionId, name: 'Concurrent Chunks', sex: 'F' } }, doctor))
      .data!.registerPatient.id;
    await t.gql('mutation($c: RecordConsentInput!) { recordConsent(input: $c) { id } }', { c: { patientId, purpose: 'AI_PROCESSING', granted: true, method: 'written' } }, doctor);
    studyId = (await t.gql('mutation($s: CreateStudyInput!) { createStudy(input: $s) { id } }', { s: { patientId, region: 'THYROID' } }, doctor)).data!.createStudy.id;
  });
  afterAll(async () => {
    await t?.app.get(PreReadQueue).idle();
    await t?.close();
  });

  const partFile = (id: string) => join(t.config.dataDir, 'uploads', `${id}.part`);

  it('lets exactly one of several PATCHes at the same offset write; the file completes with the right SHA-256', async () => {
    const file = makeDicom({ rows: 480, cols: 640, frames: 2, pixel: (x, y, f) => (x * 7 + y * 3 + f * 50) & 0xff });
    const id = (await createUpload(t.url, doctor, studyId, file.length, 'race.dcm')).body.id!;
    const half = Math.floor(file.length / 2);
    const chunk = file.subarray(0, half);
    // The same chunk five times at once (a client retrying over a flaky link, or two tabs).
    const answers = await Promise.all(Array.from({ length: 5 }, () => sendChunk(t.url, doctor, id, 0, chunk)));
    const won = answers.filter((a) => a.status === 200);
    expect(won).toHaveLength(1);
    expect(won[0]!.body.offset).toBe(half);
    for (const lost of answers.filter((a) => a.status !== 200)) {
      expect(lost.status).toBe(409);
      const extensions = lost.body.errors![0].extensions!;
      // Refused while the winner writes (UPLOAD_CONFLICT), or after it finished (the offset moved on).
      expect(['UPLOAD_CONFLICT', 'UPLOAD_OFFSET_MISMATCH']).toContain(extensions.code);
      expect([0, half]).toContain(extensions.offset);
    }
    expect(await uploadOffset(t.url, doctor, id)).toBe(half);
    const last = await sendChunk(t.url, doctor, id, half, file.subarray(half));
    expect(last.status).toBe(200);
    expect(last.body.imageIds).toHaveLength(2);
    expect((await t.dataSource.getRepository(Upload).findOneByOrFail({ id })).blobSha256).toBe(sha256(file));
  });

  it('answers UPLOAD_CONFLICT with the current offset while another append holds the upload, and recovers from a lease that ran out', async () => {
    const file = makeDicom({ rows: 64, cols: 64 });
    const id = (await createUpload(t.url, doctor, studyId, file.length, 'held.dcm')).body.id!;
    expect((await sendChunk(t.url, doctor, id, 0, file.subarray(0, 100))).status).toBe(200);
    await t.dataSource.query(`UPDATE upload SET appending_until = now() + interval '1 minute' WHERE id = $1`, [id]);
    const refused = await sendChunk(t.url, doctor, id, 100, file.subarray(100));
    expect(refused.status).toBe(409);
    expect(refused.body.errors![0].extensions).toMatchObject({ code: 'UPLOAD_CONFLICT', offset: 100 });
    // A request that died mid-write leaves a lease that runs out; its stray bytes past the offset are overwritten.
    await t.dataSource.query(`UPDATE upload SET appending_until = now() - interval '1 second' WHERE id = $1`, [id]);
    const done = await sendChunk(t.url, doctor, id, 100, file.subarray(100));
    expect(done.status).toBe(200);
    expect((await t.dataSource.getRepository(Upload).findOneByOrFail({ id })).blobSha256).toBe(sha256(file));
  });

  it('removes unfinished uploads idle past OASIS_UPLOAD_IDLE_HOURS, row and part file, and keeps active and finished ones', async () => {
    const file = makeDicom({ rows: 32, cols: 32 });
    const idle = (await createUpload(t.url, doctor, studyId, file.length, 'idle.dcm')).body.id!;
    const active = (await createUpload(t.url, doctor, studyId, file.length, 'active.dcm')).body.id!;
    await sendChunk(t.url, doctor, idle, 0, file.subarray(0, 10));
    const hours = t.config.uploadIdleHours;
    await t.dataSource.query(`UPDATE upload SET updated_at = now() - make_interval(hours => $2) - interval '1 minute' WHERE id = $1`, [idle, hours]);
    await t.dataSource.query(`UPDATE upload SET updated_at = now() - make_interval(hours => $2) + interval '10 minutes' WHERE id = $1`, [active, hours]);
    // A finished upload (a DICOM import waiting for its patient to be confirmed) is old too, and must stay.
    const [finished] = await t.dataSource.getRepository(Upload).find({ where: { completedAt: Not(IsNull()) }, take: 1 });
    await t.dataSource.query(`UPDATE upload SET updated_at = now() - interval '1000 hours' WHERE id = $1`, [finished!.id]);
    expect(existsSync(partFile(idle))).toBe(true);

    expect(await t.app.get(UploadsService).sweepIdle()).toBe(1);
    expect(await t.dataSource.getRepository(Upload).findOneBy({ id: idle })).toBeNull();
    expect(existsSync(partFile(idle))).toBe(false);
    expect(existsSync(partFile(active))).toBe(true);
    expect(await t.dataSource.getRepository(Upload).findOneBy({ id: finished!.id })).not.toBeNull();
    expect((await sendChunk(t.url, doctor, idle, 10, file.subarray(10))).status).toBe(404);
    expect((await sendChunk(t.url, doctor, active, 0, file)).status).toBe(200);
  });

  it('lists my unfinished uploads with the bytes the server holds, and only mine, until they finish', async () => {
    const UNFINISHED = '{ myUnfinishedUploads { id studyId fileName length received } }';
    const file = makeDicom({ rows: 48, cols: 48 });
    const id = (await createUpload(t.url, doctor, studyId, file.length, 'paused.dcm')).body.id!;
    await sendChunk(t.url, doctor, id, 0, file.subarray(0, 200));
    expect((await t.gql(UNFINISHED, {}, doctor)).data!.myUnfinishedUploads).toContainEqual({ id, studyId, fileName: 'paused.dcm', length: file.length, received: 200 });
    // A colleague at the same township centre does not see it; someone who may not upload is refused.
    const colleague = (await createSignedInUser(t, await t.signIn('admin'), 'dr.uploads', [{ role: 'TOWNSHIP_DOCTOR', institutionId: await institutionOf(t, doctor) }])).token;
    expect((await t.gql(UNFINISHED, {}, colleague)).data!.myUnfinishedUploads).toEqual([]);
    expect(codeOf(await t.gql(UNFINISHED, {}, await t.signIn('trainer')))).toBe('FORBIDDEN');
    expect((await sendChunk(t.url, doctor, id, 200, file.subarray(200))).status).toBe(200);
    expect((await t.gql(UNFINISHED, {}, doctor)).data!.myUnfinishedUploads.map((u: { id: string }) => u.id)).not.toContain(id);
  });
});

async function institutionOf(t: TestApp, token: string): Promise<string> {
  return (await t.gql('{ me { roles { institutionId } } }', {}, token)).data!.me.roles[0].institutionId;
}
