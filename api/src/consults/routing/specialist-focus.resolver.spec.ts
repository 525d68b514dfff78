import { Institution } from '../../identity/institution.entity.js';
import { encodeGrayPng } from '../../imaging/encode-png.js';
import { User } from '../../identity/user.entity.js';
import { createStudy, registerPatient } from '../../testing/clinical-fixtures.js';
import { subscribe } from '../../testing/subscribe.js';
import { codeOf, createTestApp, type TestApp } from '../../testing/test-app.js';
import { DATABASE_KINDS } from '../../testing/test-database.js';
import { createSignedInUser } from '../../testing/users.js';
import { ConsultTimeoutsService } from '../consult-timeouts.service.js';

const SET_FOCUS = 'mutation($u: ID!, $r: [AnatomicalRegion!]!) { setSpecialistFocus(userId: $u, regions: $r) }';
const REQUEST = 'mutation($i: RequestConsultInput!) { requestConsult(input: $i) { id } }';
const WORKLIST = '{ worklist(filter: { limit: 100 }) { items { id } } }';
const CLAIM = 'mutation($id: ID!) { claimConsult(id: $id) { id status } }';

describe.each(DATABASE_KINDS)('specialty routing (%s)', (kind) => {
  let t: TestApp;
  let admin: string;
  let doctor: string;
  let general: string; // the demo specialist: no focus, reads everything
  let breast: { id: string; token: string };
  let thyroid: { id: string; token: string };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(kind);
    for (const i of await t.dataSource.getRepository(Institution).find()) ids[i.code] = i.id;
    admin = await t.signIn('admin');
    doctor = await t.signIn('doctor');
    general = await t.signIn('specialist');
    breast = await createSignedInUser(t, admin, 'breast.reader', [{ role: 'SPECIALIST', institutionId: ids['KS-PH'] }]);
    thyroid = await createSignedInUser(t, admin, 'thyroid.reader', [{ role: 'SPECIALIST', institutionId: ids['KS-PH'] }]);
  });
  afterAll(() => t?.close());

  const requestFor = async (name: string, region: string, extra: Record<string, unknown> = {}, image?: Uint8Array) => {
    const studyId = await createStudy(t, doctor, await registerPatient(t, doctor, ids['KS-SF-T01'], name), region, image);
    const result = await t.gql(REQUEST, { i: { studyId, clinicalQuestion: `Second opinion on the ${region.toLowerCase()}`, ...extra } }, doctor);
    expect(result.errors).toBeUndefined();
    return result.data!.requestConsult.id as string;
  };
  const worklistOf = async (token: string) => ((await t.gql(WORKLIST, {}, token)).data!.worklist.items as Array<{ id: string }>).map((c) => c.id);

  it('lets admins and the specialist set the regions they read, and no one else', async () => {
    expect((await t.gql(SET_FOCUS, { u: breast.id, r: ['BREAST', 'BREAST'] }, admin)).data!.setSpecialistFocus).toEqual(['BREAST']);
    expect((await t.gql(SET_FOCUS, { u: thyroid.id, r: ['THYROID'] }, thyroid.token)).data!.setSpecialistFocus).toEqual(['THYROID']);
    expect(codeOf(await t.gql(SET_FOCUS, { u: thyroid.id, r: ['LIVER'] }, doctor))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(SET_FOCUS, { u: thyroid.id, r: ['LIVER'] }, breast.token))).toBe('FORBIDDEN');
    const trainee = (await t.dataSource.getRepository(User).findOneByOrFail({ username: 'trainee' })).id;
    expect(codeOf(await t.gql(SET_FOCUS, { u: trainee, r: ['BREAST'] }, admin))).toBe('BAD_USER_INPUT');
    const users = (await t.gql('{ users(filter: { limit: 100 }) { items { username focusRegions } } }', {}, admin)).data!.users.items as Array<{ username: string; focusRegions: string[] }>;
    expect(users.find((u) => u.username === 'thyroid.reader')!.focusRegions).toEqual(['THYROID']);
    const audited = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'specialist.focus.set'`);
    expect(audited[0].n).toBe(2);
  });

  it('lets a specialist narrow their own focus but leaves widening it to an admin', async () => {
    const narrowed = await createSignedInUser(t, admin, 'narrowing.reader', [{ role: 'SPECIALIST', institutionId: ids['KS-PH'] }]);
    expect((await t.gql(SET_FOCUS, { u: narrowed.id, r: ['BREAST', 'THYROID'] }, narrowed.token)).data!.setSpecialistFocus).toEqual(['BREAST', 'THYROID']);
    expect((await t.gql(SET_FOCUS, { u: narrowed.id, r: ['BREAST'] }, narrowed.token)).data!.setSpecialistFocus).toEqual(['BREAST']);
    for (const wider of [['BREAST', 'LIVER'], []]) expect(codeOf(await t.gql(SET_FOCUS, { u: narrowed.id, r: wider }, narrowed.token))).toBe('FORBIDDEN');
    const denied = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'specialist.focus.manage' AND outcome = 'DENIED' AND resource_id = $1`, [narrowed.id]);
    expect(denied[0].n).toBe(2);
    expect((await t.gql(SET_FOCUS, { u: narrowed.id, r: ['BREAST', 'LIVER'] }, admin)).data!.setSpecialistFocus).toEqual(['BREAST', 'LIVER']);
  });

  it('shows the township doctor the partner hospital’s specialists and what they read', async () => {
    const list = (await t.gql('query($i: ID!) { partnerSpecialists(institutionId: $i) { id displayName institutionId focus } }', { i: ids['KS-SF-T01'] }, doctor)).data!
      .partnerSpecialists as Array<{ id: string; focus: string[]; institutionId: string }>;
    expect(list.find((s) => s.id === breast.id)).toMatchObject({ institutionId: ids['KS-PH'], focus: ['BREAST'] });
    expect(list.find((s) => s.id === thyroid.id)!.focus).toEqual(['THYROID']);
    expect(codeOf(await t.gql('query($i: ID!) { partnerSpecialists(institutionId: $i) { id } }', { i: ids['KS-SF-T02'] }, doctor))).toBe('FORBIDDEN');
  });

  it('routes a request to the readers of its region: worklist, live feed and claim', async () => {
    const breastFeed = subscribe<{ consultChanged: { id: string } }>(t.url, breast.token, 'subscription { consultChanged { id } }');
    const thyroidFeed = subscribe<{ consultChanged: { id: string } }>(t.url, thyroid.token, 'subscription { consultChanged { id } }');
    await Promise.all([breastFeed.ready, thyroidFeed.ready]);
    const breastConsult = await requestFor('Routing Breast', 'BREAST');
    const thyroidConsult = await requestFor('Routing Thyroid', 'THYROID');

    expect(await worklistOf(breast.token)).toEqual([breastConsult]);
    expect(await worklistOf(thyroid.token)).toEqual([thyroidConsult]);
    expect(await worklistOf(general)).toEqual(expect.arrayContaining([breastConsult, thyroidConsult]));

    await breastFeed.waitFor((events) => events.some((e) => e.consultChanged.id === breastConsult));
    await thyroidFeed.waitFor((events) => events.some((e) => e.consultChanged.id === thyroidConsult));
    expect(breastFeed.received.map((e) => e.consultChanged.id)).not.toContain(thyroidConsult);
    expect(thyroidFeed.received.map((e) => e.consultChanged.id)).not.toContain(breastConsult);

    expect(codeOf(await t.gql(CLAIM, { id: breastConsult }, thyroid.token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql('query($id: ID!) { consult(id: $id) { id } }', { id: breastConsult }, thyroid.token))).toBe('FORBIDDEN');
    expect((await t.gql('query($id: ID!) { consult(id: $id) { id } }', { id: breastConsult }, general)).data!.consult.id).toBe(breastConsult);
    const denied = await t.dataSource.query(`SELECT details FROM audit_event WHERE action = 'consult.claim' AND outcome = 'DENIED' AND resource_id = $1`, [breastConsult]);
    expect(denied).toHaveLength(1);
    expect((await t.gql(CLAIM, { id: breastConsult }, breast.token)).data!.claimConsult.status).toBe('CLAIMED');
    // Whoever holds the case keeps it in view even if their focus changes.
    await t.gql(SET_FOCUS, { u: breast.id, r: ['LIVER'] }, admin);
    expect(await worklistOf(breast.token)).toEqual([breastConsult]);
    await t.gql(SET_FOCUS, { u: breast.id, r: ['BREAST'] }, admin);
    await Promise.all([breastFeed.close(), thyroidFeed.close()]);
  });

  it('keeps a request for a named specialist theirs alone until escalation opens it to the hospital', async () => {
    const id = await requestFor('Preferred Reader', 'BREAST', { preferredSpecialistId: thyroid.id });
    expect(await worklistOf(thyroid.token)).toContain(id);
    expect(await worklistOf(breast.token)).not.toContain(id);
    expect(await worklistOf(general)).not.toContain(id);
    expect(codeOf(await t.gql(CLAIM, { id }, general))).toBe('FORBIDDEN');

    await t.app.get(ConsultTimeoutsService).sweep(new Date(Date.now() + 3 * 3_600_000));
    const consult = (await t.gql('query($id: ID!) { consult(id: $id) { status targetInstitutionId history { event } } }', { id }, doctor)).data!.consult;
    expect(consult).toMatchObject({ status: 'OFFERED', targetInstitutionId: ids['KS-PH'] });
    expect(consult.history.map((h: { event: string }) => h.event)).toEqual(['request', 'offer', 'escalate']);
    expect(await worklistOf(breast.token)).toContain(id);
    expect(await worklistOf(thyroid.token)).not.toContain(id);
    expect((await t.gql(CLAIM, { id }, general)).data!.claimConsult.status).toBe('CLAIMED');
  });

  it('applies the routing to everything the consult exposes: study, image frames, teaching cases', async () => {
    const png = encodeGrayPng({ width: 64, height: 48, data: Uint8Array.from({ length: 64 * 48 }, (_, i) => (i * 7) % 251) });
    const byRegion = await requestFor('Routed Study', 'BREAST', {}, png);
    const byName = await requestFor('Named Study', 'BREAST', { preferredSpecialistId: breast.id }, png);
    const studyOf = async (consultId: string) => (await t.gql('query($id: ID!) { consult(id: $id) { studyId } }', { id: consultId }, doctor)).data!.consult.studyId as string;
    const readStudy = (studyId: string, token: string) => t.gql('query($id: ID!) { study(id: $id) { id images { id } } }', { id: studyId }, token);
    const frame = (imageId: string, token: string) => fetch(`${t.url}/images/${imageId}`, { headers: { authorization: `Bearer ${token}` } });
    const teachingCase = (imageId: string, token: string) => t.gql('mutation($id: ID!) { createTeachingCase(imageId: $id) { id } }', { id: imageId }, token);

    // [consult, a specialist it is not routed to (other reading focus; another specialist named)]
    for (const [consultId, outsider] of [[byRegion, thyroid.token], [byName, general]] as const) {
      const studyId = await studyOf(consultId);
      const routed = await readStudy(studyId, breast.token);
      expect(routed.errors).toBeUndefined();
      const imageId = routed.data!.study.images[0].id as string;
      expect((await frame(imageId, breast.token)).status).toBe(200);

      expect(codeOf(await readStudy(studyId, outsider))).toBe('FORBIDDEN');
      const refused = await frame(imageId, outsider);
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0].extensions.code).toBe('FORBIDDEN');
      expect(codeOf(await teachingCase(imageId, outsider))).toBe('FORBIDDEN');
      const denied = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'study.read' AND outcome = 'DENIED' AND resource_id = $1`, [studyId]);
      expect(denied[0].n).toBe(3);
    }
  });
});
