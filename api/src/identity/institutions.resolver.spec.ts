import { AuditEvent, AuditOutcome } from '../audit/audit-event.entity.js';
import { codeOf, createTestApp, type TestApp } from '../testing/test-app.js';
import { DATABASE_KINDS } from '../testing/test-database.js';
import { createSignedInUser } from '../testing/users.js';
import { Institution } from './institution.entity.js';

const UPDATE = 'mutation($i: UpdateInstitutionInput!) { updateInstitution(input: $i) { id parentId } }';

/** Moving institutions in the tree: whoever moves one must be entitled to manage it before and after. */
describe.each(DATABASE_KINDS)('institution hierarchy changes (%s)', (kind) => {
  let t: TestApp;
  let admin: string;
  let countyAdmin: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(kind);
    for (const i of await t.dataSource.getRepository(Institution).find()) ids[i.code] = i.id;
    admin = await t.signIn('admin');
    countyAdmin = (await createSignedInUser(t, admin, 'shufu.admin', [{ role: 'ADMIN', institutionId: ids['KS-SF-CH'] }])).token;
  });
  afterAll(() => t?.close());

  const parentOf = async (code: string) => (await t.dataSource.getRepository(Institution).findOneByOrFail({ code })).parentId;
  const deniedMoves = () => t.dataSource.getRepository(AuditEvent).countBy({ action: 'institution.update', outcome: AuditOutcome.DENIED });

  it('refuses a county admin detaching their own hospital from the region, audited, and nothing changes', async () => {
    const before = await deniedMoves();
    const result = await t.gql(UPDATE, { i: { id: ids['KS-SF-CH'], parentId: null } }, countyAdmin);
    expect(codeOf(result)).toBe('FORBIDDEN');
    expect(await parentOf('KS-SF-CH')).toBe(ids['KS-PH']);
    expect(await deniedMoves()).toBe(before + 1);
    // Still a county admin: no model management, no region-wide audit.
    const activate = await t.gql('mutation($id: ID!) { activateModelVersion(id: $id) { id } }', { id: ids['KS-PH'] }, countyAdmin);
    expect(codeOf(activate)).toBe('FORBIDDEN');
    const audit = await t.gql('query($id: ID!) { auditEvents(filter: { institutionId: $id, limit: 1 }) { items { id } } }', { id: ids['KS-PH'] }, countyAdmin);
    expect(codeOf(audit)).toBe('FORBIDDEN');
  });

  it('refuses a county admin moving their own hospital under another parent they do not manage, or under one of their townships', async () => {
    expect(codeOf(await t.gql(UPDATE, { i: { id: ids['KS-SF-CH'], parentId: ids['KS-SL-CH'] } }, countyAdmin))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(UPDATE, { i: { id: ids['KS-SF-CH'], parentId: ids['KS-SF-T01'] } }, countyAdmin))).toBe('FORBIDDEN');
    expect(await parentOf('KS-SF-CH')).toBe(ids['KS-PH']);
  });

  it('refuses a county admin making one of their townships a root, or moving it out of their county', async () => {
    expect(codeOf(await t.gql(UPDATE, { i: { id: ids['KS-SF-T03'], parentId: null } }, countyAdmin))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(UPDATE, { i: { id: ids['KS-SF-T03'], parentId: ids['KS-SL-CH'] } }, countyAdmin))).toBe('FORBIDDEN');
    expect(await parentOf('KS-SF-T03')).toBe(ids['KS-SF-CH']);
  });

  it('refuses the region admin moving the region’s root (nobody is above it)', async () => {
    expect(codeOf(await t.gql(UPDATE, { i: { id: ids['KS-PH'], parentId: ids['KS-TI'] } }, admin))).toBe('FORBIDDEN');
  });

  it('refuses an admin giving themselves a role (a clinical one would open patient records), audited', async () => {
    const me = (await t.gql('{ me { id } }', {}, countyAdmin)).data!.me.id;
    const role = { role: 'TOWNSHIP_DOCTOR', institutionId: ids['KS-SF-T01'] };
    const before = await t.dataSource.getRepository(AuditEvent).countBy({ action: 'user.assign-role', outcome: AuditOutcome.DENIED });
    expect(codeOf(await t.gql('mutation($u: ID!, $r: RoleInput!) { assignRole(userId: $u, role: $r) { id } }', { u: me, r: role }, countyAdmin))).toBe('FORBIDDEN');
    expect(await t.dataSource.getRepository(AuditEvent).countBy({ action: 'user.assign-role', outcome: AuditOutcome.DENIED })).toBe(before + 1);
    expect(codeOf(await t.gql('{ patients { id } }', {}, countyAdmin))).toBe('FORBIDDEN');
  });

  it('lets a county admin rename their own hospital and resend its unchanged parent', async () => {
    const result = await t.gql(UPDATE, { i: { id: ids['KS-SF-CH'], name: 'Shufu County Hospital', parentId: ids['KS-PH'] } }, countyAdmin);
    expect(result.errors).toBeUndefined();
  });

  it('lets the region admin move a township between counties, and detach one to become a root', async () => {
    const moved = await t.gql(UPDATE, { i: { id: ids['KS-SF-T02'], parentId: ids['KS-SL-CH'] } }, admin);
    expect(moved.data!.updateInstitution.parentId).toBe(ids['KS-SL-CH']);
    const detached = await t.gql(UPDATE, { i: { id: ids['KS-SF-T02'], parentId: null } }, admin);
    expect(detached.errors).toBeUndefined();
    expect(await parentOf('KS-SF-T02')).toBeNull();
  });
});
