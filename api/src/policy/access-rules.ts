import { Role } from '../identity/role.js';

/**
 * Every access decision in Oasis comes from this table: an action is allowed when one rule for it
 * matches one of the actor's roles within the rule's scope. Anything not listed is denied.
 *
 * Scopes:
 * - `any`: the role held at any institution is enough.
 * - `institution`: the role is held at the target's institution.
 * - `institution-tree`: the role is held at the target's institution or at one of its ancestors
 *   (a county admin manages the township centres under the county hospital).
 * - `self`: the target is the actor (their own profile, password).
 * - `root-institution`: the role is held at an institution at the top of a tree (region-wide duties).
 * - `break-glass`: the actor holds an unexpired emergency grant for the target patient (break-glass/).
 */
export type Scope = 'any' | 'institution' | 'institution-tree' | 'self' | 'root-institution' | 'break-glass';

export interface AccessRule {
  action: Action;
  roles: readonly Role[] | '*';
  scope: Scope;
  /** Never on the actor's own account: what would widen their own scope needs someone else. */
  notOnSelf?: boolean;
}

export const ACTIONS = [
  'institution.read',
  'institution.create',
  'institution.update',
  'user.read',
  'user.create',
  'user.update',
  'user.deactivate',
  'user.assign-role',
  'user.reset-password',
  'user.unlock',
  'user.change-own-password',
  'audit.read',
  'patient.create',
  'patient.read',
  'patient.update',
  'study.create',
  'study.read',
  'study.upload',
  'model.read',
  'model.manage',
  'consult.request',
  'consult.read',
  'consult.worklist',
  'consult.claim',
  'consult.cancel',
  'consult.call',
  'specialist.focus.manage',
  'partnership.manage',
  'training.author',
  'training.catalogue-all',
  'training.report',
  'training.enrol',
  'training.enrol-staff',
  'training.mandate-manage',
  'training.certificate-manage',
  'training.teaching-case',
  'training.teaching-case-from-outcome',
  'training.take',
  'training.record',
  'patient.break-glass',
  'break-glass.review',
  'follow-up.read',
  'follow-up.record-outcome',
  'follow-up.escalations',
  'model.monitor',
  'dicom-device.manage',
  'dicom-inbox.resolve',
  'pacs-destination.manage',
  'dashboard.read',
] as const;
export type Action = (typeof ACTIONS)[number];

export const ACCESS_RULES: readonly AccessRule[] = [
  // The directory of institutions is not patient data: everyone signed in sees it to pick partners.
  { action: 'institution.read', roles: '*', scope: 'any' },
  { action: 'institution.create', roles: [Role.ADMIN], scope: 'institution-tree' },
  { action: 'institution.update', roles: [Role.ADMIN], scope: 'institution-tree' },

  { action: 'user.read', roles: '*', scope: 'self' },
  { action: 'user.read', roles: [Role.ADMIN], scope: 'institution-tree' },
  { action: 'user.create', roles: [Role.ADMIN], scope: 'institution-tree' },
  { action: 'user.update', roles: '*', scope: 'self' },
  { action: 'user.update', roles: [Role.ADMIN], scope: 'institution-tree' },
  { action: 'user.deactivate', roles: [Role.ADMIN], scope: 'institution-tree' },
  // An admin giving themselves a clinical role would reach patient records: another admin must do it.
  { action: 'user.assign-role', roles: [Role.ADMIN], scope: 'institution-tree', notOnSelf: true },
  { action: 'user.reset-password', roles: [Role.ADMIN], scope: 'institution-tree' },
  { action: 'user.unlock', roles: [Role.ADMIN], scope: 'institution-tree' },
  { action: 'user.change-own-password', roles: '*', scope: 'self' },

  { action: 'audit.read', roles: [Role.ADMIN], scope: 'institution-tree' },

  // Patient data stays with the institution that examined the patient. Specialists reach cases through
  // consult assignments (consult workflow), admins not at all: they administer people, not records.
  { action: 'patient.create', roles: [Role.TOWNSHIP_DOCTOR, Role.SPECIALIST], scope: 'institution' },
  { action: 'patient.read', roles: [Role.TOWNSHIP_DOCTOR, Role.SPECIALIST], scope: 'institution' },
  { action: 'patient.update', roles: [Role.TOWNSHIP_DOCTOR, Role.SPECIALIST], scope: 'institution' },
  { action: 'study.create', roles: [Role.TOWNSHIP_DOCTOR, Role.SPECIALIST], scope: 'institution' },
  { action: 'study.read', roles: [Role.TOWNSHIP_DOCTOR, Role.SPECIALIST], scope: 'institution' },
  { action: 'study.upload', roles: [Role.TOWNSHIP_DOCTOR, Role.SPECIALIST], scope: 'institution' },

  // Consults: the requesting institution's clinicians and the specialists of the hospital it is offered to.
  // Targets name both institutions; a consult's study is shared with the hospital it is offered to.
  { action: 'consult.request', roles: [Role.TOWNSHIP_DOCTOR, Role.SPECIALIST], scope: 'institution' },
  { action: 'consult.read', roles: [Role.TOWNSHIP_DOCTOR, Role.SPECIALIST], scope: 'institution' },
  { action: 'consult.worklist', roles: [Role.SPECIALIST], scope: 'institution' },
  { action: 'consult.claim', roles: [Role.SPECIALIST], scope: 'institution' },
  { action: 'consult.cancel', roles: [Role.TOWNSHIP_DOCTOR, Role.SPECIALIST], scope: 'institution' },
  // A consult's video call: the requesting institution's clinicians, and the one specialist holding the case.
  { action: 'consult.call', roles: [Role.TOWNSHIP_DOCTOR, Role.SPECIALIST], scope: 'institution' },
  { action: 'consult.call', roles: [Role.SPECIALIST], scope: 'self' },
  // Which regions a specialist reads decides what is routed to them: their admins and they themselves set it.
  { action: 'specialist.focus.manage', roles: [Role.ADMIN], scope: 'institution-tree' },
  { action: 'specialist.focus.manage', roles: [Role.SPECIALIST], scope: 'self' },
  { action: 'partnership.manage', roles: [Role.ADMIN], scope: 'institution-tree' },

  // Training: trainers author their institution's courses and see its reports; admins enrol and revoke within
  // their tree; anyone signed in (clinicians train too) takes the courses they are enrolled in. A teaching case
  // also needs study.read on the source image: only someone who may see the original can de-identify it.
  { action: 'training.author', roles: [Role.TRAINER], scope: 'institution' },
  { action: 'training.catalogue-all', roles: [Role.TRAINER, Role.ADMIN], scope: 'any' },
  { action: 'training.report', roles: [Role.TRAINER], scope: 'institution' },
  { action: 'training.report', roles: [Role.ADMIN], scope: 'institution-tree' },
  { action: 'training.enrol', roles: [Role.ADMIN], scope: 'institution-tree' },
  // A trainer enrols a person into their courses when the trainer's institution trains the person's: the
  // target names the institutions that do (the person's own, and those holding a training mandate over it or
  // an institution above it; staff-enrolment.service.ts). By CSV, only their own institution's staff.
  { action: 'training.enrol-staff', roles: [Role.TRAINER], scope: 'institution' },
  // The admins of the trained institution grant and withdraw a training institute's mandate over it.
  { action: 'training.mandate-manage', roles: [Role.ADMIN], scope: 'institution-tree' },
  { action: 'training.certificate-manage', roles: [Role.ADMIN], scope: 'institution-tree' },
  { action: 'training.teaching-case', roles: [Role.TRAINER, Role.SPECIALIST, Role.TOWNSHIP_DOCTOR], scope: 'any' },
  // From a follow-up case with a pathology outcome, the trainers who train the case's institution (as for
  // enrol-staff, the target names it and the holders of a training mandate over it or above it) make a
  // teaching case without reading the study: what they get is the de-identified copy and the diagnosis.
  { action: 'training.teaching-case-from-outcome', roles: [Role.TRAINER], scope: 'institution' },
  { action: 'training.take', roles: '*', scope: 'any' },
  // Trainers of the course's institution start and stop the recording of its live sessions.
  { action: 'training.record', roles: [Role.TRAINER], scope: 'institution' },

  { action: 'model.read', roles: '*', scope: 'any' },
  { action: 'model.manage', roles: [Role.ADMIN], scope: 'root-institution' },
  // Break-glass: in an emergency a clinician states a reason and reads that one patient's record (and its
  // studies) for a limited time; each such read is flagged in the audit trail and the patient's admins review it.
  { action: 'patient.break-glass', roles: [Role.TOWNSHIP_DOCTOR, Role.SPECIALIST], scope: 'any' },
  { action: 'patient.read', roles: [Role.TOWNSHIP_DOCTOR, Role.SPECIALIST], scope: 'break-glass' },
  { action: 'study.read', roles: [Role.TOWNSHIP_DOCTOR, Role.SPECIALIST], scope: 'break-glass' },
  { action: 'break-glass.review', roles: [Role.ADMIN], scope: 'institution-tree' },

  // Follow-up of suspicious findings is patient care at the institution that examined the patient: its
  // clinicians see the cases, its township doctors record outcomes. Overdue cases escalate to the admins above
  // it, who see what is overdue where (no patient identity) and how each model does at each site.
  { action: 'follow-up.read', roles: [Role.TOWNSHIP_DOCTOR, Role.SPECIALIST], scope: 'institution' },
  { action: 'follow-up.record-outcome', roles: [Role.TOWNSHIP_DOCTOR], scope: 'institution' },
  { action: 'follow-up.escalations', roles: [Role.ADMIN], scope: 'institution-tree' },
  { action: 'model.monitor', roles: [Role.ADMIN], scope: 'institution-tree' },
  // DICOM receiver: admins decide which scanners and PACS may send to the institutions of their tree; the
  // township doctors of the institution say who the patient is when a received image matches no one.
  { action: 'dicom-device.manage', roles: [Role.ADMIN], scope: 'institution-tree' },
  { action: 'dicom-inbox.resolve', roles: [Role.TOWNSHIP_DOCTOR], scope: 'institution' },
  // Results back to the hospital's PACS: the admins of the tree say where each institution's results go.
  { action: 'pacs-destination.manage', roles: [Role.ADMIN], scope: 'institution-tree' },
  // The programme dashboard holds counts, never a patient: admins see their tree, clinicians and trainers
  // the summary of their own institution.
  { action: 'dashboard.read', roles: [Role.ADMIN], scope: 'institution-tree' },
  { action: 'dashboard.read', roles: [Role.TOWNSHIP_DOCTOR, Role.SPECIALIST, Role.TRAINER], scope: 'institution' },
];
