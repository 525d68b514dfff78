import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Institution } from '../identity/institution.entity.js';
import { createStudy, registerPatient } from '../testing/clinical-fixtures.js';
import { DATASETS_DIR } from '../testing/datasets.js';
import { servedModel } from '../testing/served-model.js';
import { subscribe } from '../testing/subscribe.js';
import { codeOf, createTestApp, type TestApp } from '../testing/test-app.js';
import { DATABASE_KINDS } from '../testing/test-database.js';
import { createSignedInUser } from '../testing/users.js';
import { Consult } from './consult.entity.js';
import { ConsultTimeoutsService } from './consult-timeouts.service.js';
import { Partnership } from './partnership.entity.js';

const IMAGE = readFileSync(join(DATASETS_DIR, 'busi/images/busi_malignant_047.png'));
const REQUEST = 'mutation($i: RequestConsultInput!) { requestConsult(input: $i) { id status urgency aiRisk targetInstitutionId history { event toStatus } } }';
const WORKLIST = 'query($f: WorklistFilter) { worklist(filter: $f) { items { id urgency aiRisk status } nextCursor } }';

describe.each(DATABASE_KINDS)('consults (%s)', (kind) => {
  let t: TestApp;
  let doctor: string;
  let specialist: string;
  let colleague: string;
  let institutionId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(kind);
    for (const i of await t.dataSource.getRepository(Institution).find()) ids[i.code] = i.id;
    doctor = await t.signIn('doctor');
    specialist = await t.signIn('specialist');
    institutionId = ids['KS-SF-T01'];
    colleague = (await createSignedInUser(t, await t.signIn('admin'), 'dr.colleague', [{ role: 'SPECIALIST', institutionId: ids['KS-PH'] }])).token;
  });
  afterAll(() => t?.close());

  const studyFor = async (name: string, { share = true, upload = true } = {}) =>
    createStudy(t, doctor, await registerPatient(t, doctor, institutionId, name, share ? ['AI_PROCESSING', 'REMOTE_SHARING'] : ['AI_PROCESSING']), 'BREAST', upload ? IMAGE : undefined);

  it('offers a request to the partner hospital, with the AI risk, and the specialist sees it appear live', async () => {
    const live = subscribe<{ consultChanged: { id: string; status: string } }>(t.url, specialist, 'subscription { consultChanged { id status } }');
    await live.ready;
    const studyId = await studyFor('Consult Patient');
    const result = await t.gql(REQUEST, { i: { studyId, clinicalQuestion: 'Irregular mass, left breast: biopsy or follow-up?', urgency: 'URGENT' } }, doctor);
    expect(result.errors).toBeUndefined();
    const consult = result.data!.requestConsult;
    expect(consult).toMatchObject({ status: 'OFFERED', urgency: 'URGENT', targetInstitutionId: ids['KS-PH'] });
    // The AI's risk is a validated model's score only: an experimental model stores none.
    if ((await servedModel(t, 'BREAST')).validated) expect(consult.aiRisk).toBeGreaterThan(0);
    else expect(consult.aiRisk).toBeNull();
    expect(consult.history).toEqual([
      { event: 'request', toStatus: 'REQUESTED' },
      { event: 'offer', toStatus: 'OFFERED' },
    ]);
    expect(codeOf(await t.gql(REQUEST, { i: { studyId, clinicalQuestion: 'Again?' } }, doctor))).toBe('CONFLICT');
    await live.waitFor((events) => events.some((e) => e.consultChanged.id === consult.id));
    await live.close();
    const mine = (await t.gql('{ myConsults { id status } }', {}, doctor)).data!.myConsults;
    expect(mine[0]).toEqual({ id: consult.id, status: 'OFFERED' });
    expect(codeOf(await t.gql('{ myConsults { id } }', {}, await t.signIn('trainer')))).toBe('FORBIDDEN');
    const worklist = (await t.gql(WORKLIST, {}, specialist)).data!.worklist.items;
    expect(worklist.map((c: { id: string }) => c.id)).toContain(consult.id);
    // The study is now shared with the specialist's hospital; not with anyone else.
    expect((await t.gql('query($id: ID!) { study(id: $id) { id } }', { id: studyId }, specialist)).errors).toBeUndefined();
    expect(codeOf(await t.gql('query($id: ID!) { consult(id: $id) { id } }', { id: consult.id }, await t.signIn('trainee')))).toBe('FORBIDDEN');
  });

  it('refuses a request without consent to share with remote specialists, and writes nothing', async () => {
    const studyId = await studyFor('No Sharing', { share: false, upload: false });
    const before = await t.dataSource.getRepository(Consult).count();
    expect(codeOf(await t.gql(REQUEST, { i: { studyId, clinicalQuestion: 'Second opinion please' } }, doctor))).toBe('CONSENT_REQUIRED');
    expect(await t.dataSource.getRepository(Consult).count()).toBe(before);
  });

  it('lets exactly one of two specialists claiming at the same moment win', async () => {
    const studyId = await studyFor('Race Patient');
    const { id } = (await t.gql(REQUEST, { i: { studyId, clinicalQuestion: 'Nodule: what category?' } }, doctor)).data!.requestConsult;
    const claim = 'mutation($id: ID!) { claimConsult(id: $id) { status claimedBy } }';
    const results = await Promise.all([t.gql(claim, { id }, specialist), t.gql(claim, { id }, colleague)]);
    expect(results.filter((r) => r.data?.claimConsult?.status === 'CLAIMED')).toHaveLength(1);
    expect(results.map(codeOf).filter(Boolean)).toEqual(['ALREADY_CLAIMED']);
    const { history, claimedByName } = (await t.gql('query($id: ID!) { consult(id: $id) { claimedByName history { event actorName } } }', { id }, doctor)).data!.consult;
    expect(history.filter((h: { event: string }) => h.event === 'claim')).toHaveLength(1);
    expect(['Dr. Li Wei (Radiology)', 'Dr. dr.colleague']).toContain(claimedByName);
    expect(history.find((h: { event: string }) => h.event === 'request').actorName).toBe('Dr. Mehmet Ablimit');
    // The reviewing hospital learns sex and age, never who the patient is.
    const seen = await t.gql('query($id: ID!) { consult(id: $id) { patientSummary { sex ageYears } } }', { id }, specialist);
    expect(seen.data!.consult.patientSummary).toEqual({ sex: 'F', ageYears: null });
    expect(codeOf(await t.gql('query($id: ID!) { patient(id: $id) { name } }', { id: (await t.dataSource.getRepository(Consult).findOneByOrFail({ id })).patientId }, specialist))).toBe('FORBIDDEN');
  });

  it('enforces who may release and which transitions are legal', async () => {
    const studyId = await studyFor('Lifecycle Patient');
    const { id } = (await t.gql(REQUEST, { i: { studyId, clinicalQuestion: 'Please review' } }, doctor)).data!.requestConsult;
    await t.gql('mutation($id: ID!) { claimConsult(id: $id) { id } }', { id }, specialist);
    expect(codeOf(await t.gql('mutation($id: ID!) { releaseConsult(id: $id) { id } }', { id }, colleague))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql('mutation($id: ID!) { claimConsult(id: $id) { id } }', { id }, doctor))).toBe('FORBIDDEN');
    expect((await t.gql('mutation($id: ID!) { releaseConsult(id: $id) { status } }', { id }, specialist)).data).toEqual({ releaseConsult: { status: 'OFFERED' } });
    expect((await t.gql('mutation($id: ID!) { cancelConsult(id: $id) { status } }', { id }, doctor)).data).toEqual({ cancelConsult: { status: 'CANCELLED' } });
    const late = await t.gql('mutation($id: ID!) { claimConsult(id: $id) { id } }', { id }, specialist);
    expect(codeOf(late)).toBe('ILLEGAL_TRANSITION');
    expect(late.errors![0].message).toBe('A consult that is cancelled cannot be claimed');
  });

  it('orders the worklist by urgency, then AI risk, then waiting time, and pages without gaps or repeats', async () => {
    for (const urgency of ['ROUTINE', 'EMERGENCY', 'URGENT', 'ROUTINE']) {
      const studyId = await studyFor(`Order ${urgency}`, { upload: urgency !== 'ROUTINE' });
      await t.gql(REQUEST, { i: { studyId, clinicalQuestion: 'Ordering', urgency } }, doctor);
    }
    const all = (await t.gql(WORKLIST, { f: { limit: 100 } }, specialist)).data!.worklist.items;
    const rank = { EMERGENCY: 2, URGENT: 1, ROUTINE: 0 } as Record<string, number>;
    for (let i = 1; i < all.length; i++) {
      const [a, b] = [all[i - 1], all[i]];
      expect(rank[a.urgency] > rank[b.urgency] || (rank[a.urgency] === rank[b.urgency] && (a.aiRisk ?? -1) >= (b.aiRisk ?? -1))).toBe(true);
    }
    const paged: string[] = [];
    let after: string | null = null;
    do {
      const page: { items: Array<{ id: string }>; nextCursor: string | null } = (await t.gql(WORKLIST, { f: { limit: 2, after } }, specialist)).data!.worklist;
      paged.push(...page.items.map((c) => c.id));
      after = page.nextCursor;
    } while (after);
    expect(paged).toEqual(all.map((c: { id: string }) => c.id));
    expect(codeOf(await t.gql(WORKLIST, { f: { after: 'garbage' } }, specialist))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(WORKLIST, {}, doctor))).toBe('FORBIDDEN');
  });

  it('escalates an unclaimed consult to the next partner, expires it when none is left, and releases a stale claim', async () => {
    await t.dataSource.getRepository(Partnership).save({ fromInstitutionId: institutionId, toInstitutionId: ids['KS-SF-CH'], priority: 2 });
    const sweeper = t.app.get(ConsultTimeoutsService);
    const studyId = await studyFor('Waiting Patient', { upload: false });
    const { id } = (await t.gql(REQUEST, { i: { studyId, clinicalQuestion: 'Anyone?' } }, doctor)).data!.requestConsult;
    const hours = (h: number) => new Date(Date.now() + h * 3_600_000);
    await sweeper.sweep(hours(3));
    expect(await t.dataSource.getRepository(Consult).findOneByOrFail({ id })).toMatchObject({ status: 'OFFERED', targetInstitutionId: ids['KS-SF-CH'], escalations: 1 });
    await sweeper.sweep(hours(80));
    expect(await t.dataSource.getRepository(Consult).findOneByOrFail({ id })).toMatchObject({ status: 'EXPIRED' });

    const other = (await t.gql(REQUEST, { i: { studyId, clinicalQuestion: 'Again' } }, doctor)).data!.requestConsult.id;
    await t.gql('mutation($id: ID!) { claimConsult(id: $id) { id } }', { id: other }, specialist);
    await sweeper.sweep(hours(5));
    expect(await t.dataSource.getRepository(Consult).findOneByOrFail({ id: other })).toMatchObject({ status: 'OFFERED', claimedBy: null });
    await t.dataSource.getRepository(Partnership).delete({ fromInstitutionId: institutionId, toInstitutionId: ids['KS-SF-CH'] });
  });
});
