import type { FindOptionsWhere } from 'typeorm';
import { AuditEvent, AuditOutcome } from '../audit/audit-event.entity.js';
import { Institution } from '../identity/institution.entity.js';
import { createStudy, registerPatient } from '../testing/clinical-fixtures.js';
import { subscribe } from '../testing/subscribe.js';
import { codeOf, createTestApp, type TestApp } from '../testing/test-app.js';
import { DATABASE_KINDS } from '../testing/test-database.js';
import { createSignedInUser } from '../testing/users.js';

const PATIENT = 'query($id: ID!) { patient(id: $id) { id name } }';
const STUDY = 'query($id: ID!) { study(id: $id) { id } }';
const STUDIES = 'query($p: ID!) { studies(filter: { patientId: $p }) { id } }';
const BREAK_GLASS = 'mutation($i: BreakGlassInput!) { breakGlass(input: $i) { id patientId institutionId reason grantedAt expiresAt user { username } } }';
const GRANTS = '{ breakGlassGrants { id reason patientId user { username } } }';
const REASON = 'Patient collapsed in our emergency room; need prior ultrasound findings';

describe.each(DATABASE_KINDS)('break-glass access on %s', (kind) => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let patientId: string;
  let studyId: string;
  beforeAll(async () => {
    t = await createTestApp(kind);
    for (const who of ['admin', 'specialist', 'doctor', 'trainer'] as const) tokens[who] = await t.signIn(who);
    const ids = Object.fromEntries((await t.dataSource.getRepository(Institution).find()).map((i) => [i.code, i.id]));
    // A patient of the doctor's township centre: outside the prefecture specialist's normal scope.
    patientId = await registerPatient(t, tokens.doctor, ids['KS-SF-T01'], 'Aygul Hasan');
    studyId = await createStudy(t, tokens.doctor, patientId);
    // An admin of the other county, who does not oversee that centre.
    tokens.otherAdmin = (await createSignedInUser(t, tokens.admin, `shule.admin.${kind}`, [{ role: 'ADMIN', institutionId: ids['KS-SL-CH'] }])).token;
  });
  afterAll(() => t?.close());

  const audit = (where: FindOptionsWhere<AuditEvent>) => t.dataSource.getRepository(AuditEvent).findBy(where);

  it('refuses the record outside the scope before any grant', async () => {
    expect(codeOf(await t.gql(PATIENT, { id: patientId }, tokens.specialist))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(STUDY, { id: studyId }, tokens.specialist))).toBe('FORBIDDEN');
    expect((await t.gql(STUDIES, { p: patientId }, tokens.specialist)).data).toEqual({ studies: [] });
  });

  it('refuses bad requests with their codes and grants nothing', async () => {
    expect(codeOf(await t.gql(BREAK_GLASS, { i: { patientId, reason: 'because   ' } }, tokens.specialist))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(BREAK_GLASS, { i: { patientId, reason: '          x' } }, tokens.specialist))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(BREAK_GLASS, { i: { patientId: '00000000-0000-4000-8000-000000000000', reason: REASON } }, tokens.specialist))).toBe('NOT_FOUND');
    // Admins administer people, not records; trainers are not clinicians.
    expect(codeOf(await t.gql(BREAK_GLASS, { i: { patientId, reason: REASON } }, tokens.admin))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(BREAK_GLASS, { i: { patientId, reason: REASON } }, tokens.trainer))).toBe('FORBIDDEN');
    expect(await audit({ action: 'patient.break-glass', outcome: AuditOutcome.DENIED })).toHaveLength(2);
    // Within one's own scope there is nothing to break.
    expect(codeOf(await t.gql(BREAK_GLASS, { i: { patientId, reason: REASON } }, tokens.doctor))).toBe('CONFLICT');
    expect(await t.dataSource.query('SELECT id FROM break_glass_grant')).toEqual([]);
  });

  it('opens that one patient for the configured time once a reason is stated, flags each read, and tells the admin live', async () => {
    const adminFeed = subscribe<{ breakGlassGranted: { reason: string; user: { username: string } } }>(t.url, tokens.admin, 'subscription { breakGlassGranted { reason user { username } } }');
    const otherFeed = subscribe<{ breakGlassGranted: { reason: string } }>(t.url, tokens.otherAdmin, 'subscription { breakGlassGranted { reason } }');
    await Promise.all([adminFeed.ready, otherFeed.ready]);

    const granted = await t.gql(BREAK_GLASS, { i: { patientId, reason: `  ${REASON} ` } }, tokens.specialist);
    expect(granted.errors).toBeUndefined();
    const grant = granted.data!.breakGlass;
    expect(grant).toMatchObject({ patientId, reason: REASON, user: { username: 'specialist' } });
    expect(new Date(grant.expiresAt).getTime() - new Date(grant.grantedAt).getTime()).toBe(60 * 60_000);

    expect((await t.gql(PATIENT, { id: patientId }, tokens.specialist)).data).toEqual({ patient: { id: patientId, name: 'Aygul Hasan' } });
    expect((await t.gql(STUDY, { id: studyId }, tokens.specialist)).data).toEqual({ study: { id: studyId } });
    expect((await t.gql(STUDIES, { p: patientId }, tokens.specialist)).data).toEqual({ studies: [{ id: studyId }] });
    // Reading only: the grant does not let them change the record.
    const consent = await t.gql('mutation($c: RecordConsentInput!) { recordConsent(input: $c) { id } }', { c: { patientId, purpose: 'AI_PROCESSING', granted: false, method: 'verbal' } }, tokens.specialist);
    expect(codeOf(consent)).toBe('FORBIDDEN');

    const flagged = await audit({ action: 'break-glass.access' });
    expect(flagged.map((e) => [e.resourceType, e.details!.access, e.details!.grantId, e.actorUsername]).sort()).toEqual(
      [
        ['patient', 'patient.read', grant.id, 'specialist'],
        ['study', 'study.read', grant.id, 'specialist'],
        ['study', 'study.read', grant.id, 'specialist'],
      ].sort(),
    );
    const [granting] = await audit({ action: 'break-glass.grant' });
    expect(granting).toMatchObject({ resourceId: patientId, outcome: AuditOutcome.SUCCESS, details: { grantId: grant.id, reason: REASON } });
    // The doctor's own reads are not emergencies.
    await t.gql(PATIENT, { id: patientId }, tokens.doctor);
    expect(await audit({ action: 'break-glass.access', actorUsername: 'doctor' })).toEqual([]);

    await adminFeed.waitFor((items) => items.length === 1);
    expect(adminFeed.received[0].breakGlassGranted).toEqual({ reason: REASON, user: { username: 'specialist' } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(otherFeed.received).toEqual([]);
    await Promise.all([adminFeed.close(), otherFeed.close()]);
  });

  it('shows on the review list of the patient’s admins only', async () => {
    const list = await t.gql(GRANTS, {}, tokens.admin);
    expect(list.data!.breakGlassGrants).toEqual([expect.objectContaining({ reason: REASON, patientId, user: { username: 'specialist' } })]);
    expect((await t.gql(GRANTS, {}, tokens.otherAdmin)).data).toEqual({ breakGlassGrants: [] });
    expect(codeOf(await t.gql(GRANTS, {}, tokens.specialist))).toBe('FORBIDDEN');
  });

  it('ends when the grant expires', async () => {
    await t.dataSource.query("UPDATE break_glass_grant SET granted_at = now() - interval '2 hours', expires_at = now() - interval '1 second'");
    expect(codeOf(await t.gql(PATIENT, { id: patientId }, tokens.specialist))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(STUDY, { id: studyId }, tokens.specialist))).toBe('FORBIDDEN');
    expect((await t.gql(STUDIES, { p: patientId }, tokens.specialist)).data).toEqual({ studies: [] });
    expect(await audit({ action: 'patient.read', actorUsername: 'specialist', outcome: AuditOutcome.DENIED })).toHaveLength(2);
  });
});
