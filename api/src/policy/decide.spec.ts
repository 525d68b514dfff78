import { Role } from '../identity/role.js';
import type { Actor } from './actor.js';
import { ACCESS_RULES, ACTIONS, type Action } from './access-rules.js';
import { decide, type InstitutionTree, rootOf, type Target } from './decide.js';

// Region:  REG (regional hospital) > CTY (county hospital) > TWN1, TWN2 (township centres); OTHER is another region.
const tree: InstitutionTree = new Map([
  ['REG', null],
  ['CTY', 'REG'],
  ['TWN1', 'CTY'],
  ['TWN2', 'CTY'],
  ['OTHER', null],
]);

const actor = (userId: string, role: Role, institutionId: string): Actor => ({
  userId,
  username: userId,
  sessionId: 's',
  roles: [{ role, institutionId }],
});

const actors = {
  regionAdmin: actor('regionAdmin', Role.ADMIN, 'REG'),
  countyAdmin: actor('countyAdmin', Role.ADMIN, 'CTY'),
  townshipDoctor: actor('townshipDoctor', Role.TOWNSHIP_DOCTOR, 'TWN1'),
  specialist: actor('specialist', Role.SPECIALIST, 'REG'),
  trainer: actor('trainer', Role.TRAINER, 'REG'),
  trainee: actor('trainee', Role.TRAINEE, 'TWN2'),
};
type Who = keyof typeof actors;

const targets = {
  twn1: { institutionIds: ['TWN1'] },
  twn2: { institutionIds: ['TWN2'] },
  reg: { institutionIds: ['REG'] },
  other: { institutionIds: ['OTHER'] },
  nowhere: {},
  userAtTwn1: { userId: 'someone', institutionIds: ['TWN1'] },
  userAtReg: { userId: 'someone', institutionIds: ['REG'] },
  userAtOther: { userId: 'someone', institutionIds: ['OTHER'] },
  // A consult from TWN1 claimed by the specialist at REG.
  twn1ClaimedBySpecialist: { userId: 'specialist', institutionIds: ['TWN1'] },
} satisfies Record<string, Target>;
type Where = keyof typeof targets;

/** [action, target, who is allowed]. Everyone not listed is denied. */
const matrix: Array<[Action, Where | 'self', Who[]]> = [
  ['institution.read', 'nowhere', ['regionAdmin', 'countyAdmin', 'townshipDoctor', 'specialist', 'trainer', 'trainee']],
  ['institution.create', 'twn1', ['regionAdmin', 'countyAdmin']],
  ['institution.create', 'reg', ['regionAdmin']],
  ['institution.create', 'other', []],
  ['institution.create', 'nowhere', []],
  ['institution.update', 'twn1', ['regionAdmin', 'countyAdmin']],
  ['institution.update', 'reg', ['regionAdmin']],
  ['institution.update', 'other', []],
  ['user.read', 'self', ['regionAdmin', 'countyAdmin', 'townshipDoctor', 'specialist', 'trainer', 'trainee']],
  ['user.read', 'userAtTwn1', ['regionAdmin', 'countyAdmin']],
  ['user.read', 'userAtReg', ['regionAdmin']],
  ['user.read', 'userAtOther', []],
  ['user.create', 'userAtTwn1', ['regionAdmin', 'countyAdmin']],
  ['user.create', 'userAtOther', []],
  ['user.update', 'self', ['regionAdmin', 'countyAdmin', 'townshipDoctor', 'specialist', 'trainer', 'trainee']],
  ['user.update', 'userAtTwn1', ['regionAdmin', 'countyAdmin']],
  ['user.update', 'userAtReg', ['regionAdmin']],
  ['user.deactivate', 'userAtTwn1', ['regionAdmin', 'countyAdmin']],
  ['user.deactivate', 'userAtReg', ['regionAdmin']],
  ['user.assign-role', 'userAtTwn1', ['regionAdmin', 'countyAdmin']],
  ['user.assign-role', 'userAtOther', []],
  ['user.assign-role', 'self', []],
  ['user.reset-password', 'userAtTwn1', ['regionAdmin', 'countyAdmin']],
  ['user.reset-password', 'userAtReg', ['regionAdmin']],
  ['user.unlock', 'userAtTwn1', ['regionAdmin', 'countyAdmin']],
  ['user.unlock', 'userAtOther', []],
  ['user.change-own-password', 'self', ['regionAdmin', 'countyAdmin', 'townshipDoctor', 'specialist', 'trainer', 'trainee']],
  ['user.change-own-password', 'userAtTwn1', []],
  ['audit.read', 'twn1', ['regionAdmin', 'countyAdmin']],
  ['audit.read', 'reg', ['regionAdmin']],
  ['audit.read', 'other', []],
  ['patient.create', 'twn1', ['townshipDoctor']],
  ['patient.create', 'reg', ['specialist']],
  ['patient.read', 'twn1', ['townshipDoctor']],
  ['patient.read', 'other', []],
  ['patient.update', 'twn1', ['townshipDoctor']],
  ['study.create', 'twn1', ['townshipDoctor']],
  ['study.read', 'twn1', ['townshipDoctor']],
  ['study.read', 'reg', ['specialist']],
  ['study.upload', 'twn1', ['townshipDoctor']],
  ['study.upload', 'twn2', []],
  ['model.read', 'nowhere', ['regionAdmin', 'countyAdmin', 'townshipDoctor', 'specialist', 'trainer', 'trainee']],
  ['model.manage', 'nowhere', ['regionAdmin']],
  ['consult.request', 'twn1', ['townshipDoctor']],
  ['consult.read', 'twn1', ['townshipDoctor']],
  ['consult.read', 'reg', ['specialist']],
  ['consult.worklist', 'reg', ['specialist']],
  ['consult.claim', 'reg', ['specialist']],
  ['consult.claim', 'twn1', []],
  ['consult.cancel', 'twn1', ['townshipDoctor']],
  ['consult.call', 'twn1ClaimedBySpecialist', ['townshipDoctor', 'specialist']],
  ['consult.call', 'twn2', []],
  ['specialist.focus.manage', 'userAtReg', ['regionAdmin']],
  ['specialist.focus.manage', 'self', ['regionAdmin', 'countyAdmin', 'specialist']],
  ['partnership.manage', 'twn1', ['regionAdmin', 'countyAdmin']],
  ['training.author', 'reg', ['trainer']],
  ['training.author', 'twn1', []],
  ['training.catalogue-all', 'nowhere', ['regionAdmin', 'countyAdmin', 'trainer']],
  ['training.report', 'reg', ['regionAdmin', 'trainer']],
  ['training.report', 'twn1', ['regionAdmin', 'countyAdmin']],
  ['training.enrol', 'twn1', ['regionAdmin', 'countyAdmin']],
  ['training.enrol', 'other', []],
  // The target names the institutions that train the person (the trainer's is among them, or not).
  ['training.enrol-staff', 'reg', ['trainer']],
  ['training.enrol-staff', 'twn1', []],
  ['training.mandate-manage', 'twn1', ['regionAdmin', 'countyAdmin']],
  ['training.mandate-manage', 'other', []],
  ['training.certificate-manage', 'reg', ['regionAdmin']],
  ['training.certificate-manage', 'twn2', ['regionAdmin', 'countyAdmin']],
  ['training.teaching-case', 'nowhere', ['townshipDoctor', 'specialist', 'trainer']],
  // As enrol-staff: the target names the institutions that train the follow-up case's institution.
  ['training.teaching-case-from-outcome', 'reg', ['trainer']],
  ['training.teaching-case-from-outcome', 'twn1', []],
  ['training.record', 'reg', ['trainer']],
  ['training.record', 'twn1', []],
  ['training.take', 'nowhere', ['regionAdmin', 'countyAdmin', 'townshipDoctor', 'specialist', 'trainer', 'trainee']],
  ['patient.break-glass', 'other', ['townshipDoctor', 'specialist']],
  ['break-glass.review', 'twn1', ['regionAdmin', 'countyAdmin']],
  ['break-glass.review', 'reg', ['regionAdmin']],
  ['break-glass.review', 'other', []],
  ['follow-up.read', 'twn1', ['townshipDoctor']],
  ['follow-up.read', 'reg', ['specialist']],
  ['follow-up.read', 'twn2', []],
  ['follow-up.record-outcome', 'twn1', ['townshipDoctor']],
  ['follow-up.record-outcome', 'reg', []],
  ['follow-up.escalations', 'twn1', ['regionAdmin', 'countyAdmin']],
  ['follow-up.escalations', 'reg', ['regionAdmin']],
  ['follow-up.escalations', 'other', []],
  ['model.monitor', 'twn2', ['regionAdmin', 'countyAdmin']],
  ['model.monitor', 'other', []],
  ['dicom-device.manage', 'twn1', ['regionAdmin', 'countyAdmin']],
  ['dicom-device.manage', 'reg', ['regionAdmin']],
  ['dicom-device.manage', 'other', []],
  ['pacs-destination.manage', 'twn1', ['regionAdmin', 'countyAdmin']],
  ['pacs-destination.manage', 'reg', ['regionAdmin']],
  ['pacs-destination.manage', 'other', []],
  ['dashboard.read', 'twn1', ['regionAdmin', 'countyAdmin', 'townshipDoctor']],
  ['dashboard.read', 'reg', ['regionAdmin', 'specialist', 'trainer']],
  ['dashboard.read', 'other', []],
  ['dicom-inbox.resolve', 'twn1', ['townshipDoctor']],
  ['dicom-inbox.resolve', 'twn2', []],
];

const cases = matrix.flatMap(([action, where, allowed]) =>
  (Object.keys(actors) as Who[]).map((who) => [action, where, who, allowed.includes(who)] as const),
);

describe('access policy matrix', () => {
  it.each(cases)('%s on %s by %s → allowed=%s', (action, where, who, expected) => {
    const a = actors[who];
    const target: Target = where === 'self' ? { userId: a.userId, institutionIds: a.roles.map((r) => r.institutionId) } : targets[where];
    expect(decide(a, action, target, tree).allowed).toBe(expected);
  });

  it('covers every action that has a rule', () => {
    const tested = new Set(matrix.map(([action]) => action));
    expect(ACTIONS.filter((a) => !tested.has(a))).toEqual([]);
    expect(ACCESS_RULES.every((r) => ACTIONS.includes(r.action))).toBe(true);
  });

  it('opens a patient outside the scope only under a grant for that patient, and marks the decision', () => {
    const patientAtOther = { institutionIds: ['OTHER'], patientId: 'p1' };
    const grants = new Map([['p1', 'grant-1']]);
    expect(decide(actors.townshipDoctor, 'patient.read', patientAtOther, tree).allowed).toBe(false);
    expect(decide(actors.townshipDoctor, 'patient.read', patientAtOther, tree, grants)).toMatchObject({ allowed: true, breakGlassGrantId: 'grant-1' });
    expect(decide(actors.townshipDoctor, 'study.read', patientAtOther, tree, grants).breakGlassGrantId).toBe('grant-1');
    // Only that patient, only reading, only clinicians.
    expect(decide(actors.townshipDoctor, 'patient.read', { institutionIds: ['OTHER'], patientId: 'p2' }, tree, grants).allowed).toBe(false);
    expect(decide(actors.townshipDoctor, 'patient.update', patientAtOther, tree, grants).allowed).toBe(false);
    expect(decide(actors.trainer, 'patient.read', patientAtOther, tree, grants).allowed).toBe(false);
    // Within the normal scope a grant changes nothing: the access is not flagged as an emergency.
    const own = decide(actors.townshipDoctor, 'patient.read', { institutionIds: ['TWN1'], patientId: 'p1' }, tree, grants);
    expect(own).toMatchObject({ allowed: true });
    expect(own.breakGlassGrantId).toBeUndefined();
  });

  it('denies an actor with no roles, and says why', () => {
    const nobody: Actor = { userId: 'n', username: 'n', sessionId: 's', roles: [] };
    const decision = decide(nobody, 'institution.update', { institutionIds: ['TWN1'] }, tree);
    expect(decision).toEqual({ allowed: false, reason: 'institution.update: no role of the actor in scope' });
  });

  it('finds the root above an institution, itself for a root, and stops in a cycle', () => {
    expect(rootOf('TWN1', tree)).toBe('REG');
    expect(rootOf('REG', tree)).toBe('REG');
    expect(['A', 'B']).toContain(rootOf('A', new Map([['A', 'B'], ['B', 'A']])));
  });

  it('survives a cycle in the institution tree', () => {
    const cyclic: InstitutionTree = new Map([
      ['A', 'B'],
      ['B', 'A'],
    ]);
    expect(decide(actors.regionAdmin, 'institution.update', { institutionIds: ['A'] }, cyclic).allowed).toBe(false);
  });
});
