import { AuditEvent, AuditOutcome } from '../audit/audit-event.entity.js';
import { Institution } from '../identity/institution.entity.js';
import { User } from '../identity/user.entity.js';
import { makeDicom } from '../imaging/dicom/testing/make-dicom.js';
import { DicomInstance } from '../imaging/dicom-network/dicom-instance.entity.js';
import { Upload } from '../imaging/upload.entity.js';
import { encodeGrayPng } from '../imaging/encode-png.js';
import { createStudy, registerPatient } from '../testing/clinical-fixtures.js';
import { operationsOf } from '../testing/operations.js';
import { signedReport } from '../testing/signed-report.js';
import { subscribe } from '../testing/subscribe.js';
import { codeOf, createTestApp, type TestApp } from '../testing/test-app.js';
import { DATABASE_KINDS } from '../testing/test-database.js';
import { createUpload, uploadFile } from '../testing/upload-client.js';
import { createSignedInUser } from '../testing/users.js';
import { COURSE_INPUT } from '../training/testing/training-fixtures.js';

/**
 * The access policy end to end: every GraphQL operation and REST route of the running app (taken from the
 * built schema and the controllers' route metadata, so a new one fails this spec until it has an entry) is
 * tried by every role, by another institution's doctor, by a specialist the consult is not routed to, and
 * signed out. A cell passes when the entitled get an answer that is not a refusal, and everyone else gets
 * FORBIDDEN (with a DENIED audit row) or UNAUTHENTICATED, and none of the fixture patient's data.
 * The pure rule table has its own exhaustive matrix in decide.spec.ts.
 */
const SIGNED_IN = ['admin', 'countyAdmin', 'specialist', 'outsideSpecialist', 'doctor', 'otherDoctor', 'trainer', 'trainee'] as const;
type Who = (typeof SIGNED_IN)[number] | 'anonymous';
const ACTORS: Who[] = [...SIGNED_IN, 'anonymous'];
const EVERYONE: Who[] = [...SIGNED_IN];
const CLINICIANS_OF_THE_CASE: Who[] = ['doctor', 'specialist'];

type Ids = Record<string, string>;
type Attempt =
  | { gql: string; variables?: Record<string, unknown> }
  | { method: 'GET' | 'POST' | 'HEAD' | 'PATCH'; path: string; json?: unknown; bytes?: Uint8Array; headers?: Record<string, string> }
  | { subscription: string };

interface Cell {
  /** What the attempt is, when an operation has several. */
  name?: string;
  attempt: (ids: Ids) => Attempt;
  /** Who may do it and see the fixture's data. */
  allowed: Who[];
  /** Who gets an answer (a list of their own) that must not contain the fixture patient's data. */
  answered?: Who[];
  /** Others are told NOT_FOUND rather than FORBIDDEN: the record is private to its creator (uploads). */
  hidden?: boolean;
}

/** An operation that touches no patient data, and why; the others below have cells. */
type Entry = Cell[] | { exempt: string };

const gql =
  (query: string, variables: (ids: Ids) => Record<string, unknown> = () => ({})) =>
  (ids: Ids): Attempt => ({ gql: query, variables: variables(ids) });

let counter = 0;
const REPORT = { baseRevision: 0, findings: 'Irregular hypoechoic mass.', impression: 'Suspicious', recommendation: 'BIOPSY', categorySystem: 'BI-RADS', categoryValue: '4B' };

/**
 * Order matters only where an entitled call changes the fixture (submitting, signing, releasing, cancelling):
 * those come last, and within an operation refusals are tried before the entitled calls.
 */
const MATRIX: Record<string, Entry> = {
  // Patients and studies
  'Query.patient': [{ attempt: gql('query($id: ID!) { patient(id: $id) { id name } }', (i) => ({ id: i.patient })), allowed: ['doctor'] }],
  'Query.patients': [{ attempt: gql('{ patients { id name } }'), allowed: ['doctor'], answered: ['specialist', 'outsideSpecialist', 'otherDoctor'] }],
  'Mutation.registerPatient': [
    {
      attempt: gql('mutation($p: RegisterPatientInput!) { registerPatient(input: $p) { id } }', (i) => ({ p: { institutionId: i['KS-SF-T01'], name: `Matrix Extra ${++counter}`, sex: 'F' } })),
      allowed: ['doctor'],
    },
  ],
  'Mutation.recordConsent': [
    {
      attempt: gql('mutation($c: RecordConsentInput!) { recordConsent(input: $c) { id } }', (i) => ({ c: { patientId: i.patient, purpose: 'AI_PROCESSING', granted: true, method: 'written' } })),
      allowed: ['doctor'],
    },
  ],
  'Query.studies': [{ attempt: gql('{ studies { id } }'), allowed: ['doctor'], answered: ['specialist', 'outsideSpecialist', 'otherDoctor'] }],
  'Query.study': [{ attempt: gql('query($id: ID!) { study(id: $id) { id images { id preRead { status } } } }', (i) => ({ id: i.study })), allowed: CLINICIANS_OF_THE_CASE }],
  'Mutation.createStudy': [{ attempt: gql('mutation($s: CreateStudyInput!) { createStudy(input: $s) { id } }', (i) => ({ s: { patientId: i.patient, region: 'BREAST' } })), allowed: ['doctor'] }],
  'Subscription.preReadUpdated': [{ attempt: (i) => ({ subscription: `subscription { preReadUpdated(studyId: "${i.study}") { status } }` }), allowed: CLINICIANS_OF_THE_CASE }],
  'GET /images/:id': [{ attempt: (i) => ({ method: 'GET', path: `/images/${i.image}` }), allowed: CLINICIANS_OF_THE_CASE }],
  'POST /uploads': [{ attempt: (i) => ({ method: 'POST', path: '/uploads', json: { studyId: i.study, fileName: 'x.png', length: 10 } }), allowed: ['doctor'] }],
  'HEAD /uploads/:id': [{ attempt: (i) => ({ method: 'HEAD', path: `/uploads/${i.upload}` }), allowed: ['doctor'], hidden: true }],
  'PATCH /uploads/:id': [
    {
      attempt: (i) => ({ method: 'PATCH', path: `/uploads/${i.upload}`, bytes: new Uint8Array(4), headers: { 'content-type': 'application/offset+octet-stream', 'upload-offset': '7' } }),
      allowed: ['doctor'],
      hidden: true,
    },
  ],
  'Query.pacsDestinations': [{ attempt: gql('{ pacsDestinations { id } }'), allowed: ['admin', 'countyAdmin'] }],
  'Mutation.registerPacsDestination': [
    {
      attempt: gql('mutation($d: RegisterPacsDestinationInput!) { registerPacsDestination(input: $d) { id } }', (i) => ({ d: { institutionId: i['KS-SF-T01'], label: 'PACS', aeTitle: 'PACS', host: '127.0.0.1', port: 4242 } })),
      allowed: ['admin', 'countyAdmin'],
    },
  ],
  'Mutation.deactivatePacsDestination': [{ attempt: gql('mutation($id: ID!) { deactivatePacsDestination(id: $id) { id } }', (i) => ({ id: i.pacsDestination })), allowed: ['admin', 'countyAdmin'] }],
  'Query.studyPacsSends': [{ attempt: gql('query($id: ID!) { studyPacsSends(studyId: $id) { id } }', (i) => ({ id: i.study })), allowed: CLINICIANS_OF_THE_CASE }],
  'Query.myUnfinishedUploads': [{ attempt: gql('{ myUnfinishedUploads { id studyId } }'), allowed: ['doctor'], answered: ['otherDoctor', 'specialist', 'outsideSpecialist'] }],
  'Query.dicomImport': [{ attempt: gql('query($id: ID!) { dicomImport(uploadId: $id) { uploadId } }', (i) => ({ id: i.dicomUpload })), allowed: ['doctor'], hidden: true }],

  // Consults, as requested by the township doctor and claimed by the specialist (IN_REVIEW, a draft report)
  'Query.consult': [{ attempt: gql('query($id: ID!) { consult(id: $id) { id messages { body } reportVersions { id } } }', (i) => ({ id: i.consult })), allowed: CLINICIANS_OF_THE_CASE }],
  'Query.myConsults': [{ attempt: gql('{ myConsults { id } }'), allowed: ['doctor'], answered: ['specialist', 'outsideSpecialist', 'otherDoctor'] }],
  'Query.worklist': [{ attempt: gql('{ worklist { items { id } } }'), allowed: ['specialist'], answered: ['outsideSpecialist'] }],
  'Query.myClaimedConsults': [{ attempt: gql('{ myClaimedConsults { id } }'), allowed: ['specialist'], answered: ['outsideSpecialist'] }],
  'Query.partnerSpecialists': [{ attempt: gql('query($i: ID!) { partnerSpecialists(institutionId: $i) { id } }', (i) => ({ i: i['KS-SF-T01'] })), allowed: ['doctor'] }],
  'Mutation.requestConsult': [
    { attempt: gql('mutation($i: RequestConsultInput!) { requestConsult(input: $i) { id } }', (i) => ({ i: { studyId: i.study2, clinicalQuestion: 'Again?' } })), allowed: ['doctor'] },
  ],
  'Mutation.claimConsult': [{ attempt: gql('mutation($id: ID!) { claimConsult(id: $id) { id } }', (i) => ({ id: i.consult })), allowed: ['specialist'] }],
  'Mutation.startConsultReview': [{ attempt: gql('mutation($id: ID!) { startConsultReview(id: $id) { id } }', (i) => ({ id: i.consult })), allowed: ['specialist'] }],
  'Mutation.saveConsultReport': [
    // The fixture saved revision 1: this edit starts from it.
    { attempt: gql('mutation($i: SaveReportInput!) { saveConsultReport(input: $i) { id } }', (i) => ({ i: { consultId: i.consult, ...REPORT, baseRevision: 1 } })), allowed: ['specialist'] },
  ],
  'Mutation.previewConsultReport': [{ attempt: gql('mutation($id: ID!) { previewConsultReport(consultId: $id) { id } }', (i) => ({ id: i.consult })), allowed: ['specialist'] }],
  'GET /reports/:id/preview': [{ attempt: (i) => ({ method: 'GET', path: `/reports/${i.report}/preview` }), allowed: ['specialist'] }],
  'Mutation.postConsultMessage': [
    { attempt: gql('mutation($i: PostMessageInput!) { postConsultMessage(input: $i) { id } }', (i) => ({ i: { consultId: i.consult, body: 'Any prior imaging?' } })), allowed: CLINICIANS_OF_THE_CASE },
  ],
  'Subscription.consultMessagePosted': [{ attempt: (i) => ({ subscription: `subscription { consultMessagePosted(consultId: "${i.consult}") { body } }` }), allowed: CLINICIANS_OF_THE_CASE }],
  'Mutation.consultCallJoin': [{ attempt: gql('mutation($id: ID!) { consultCallJoin(consultId: $id) { room } }', (i) => ({ id: i.consult })), allowed: CLINICIANS_OF_THE_CASE }],
  'Query.verifyConsultReport': [{ attempt: gql('query($id: ID!) { verifyConsultReport(reportId: $id) { valid } }', (i) => ({ id: i.report })), allowed: CLINICIANS_OF_THE_CASE }],
  'GET /reports/:id/pdf': [{ attempt: (i) => ({ method: 'GET', path: `/reports/${i.report}/pdf` }), allowed: CLINICIANS_OF_THE_CASE }],

  // Follow-up of the fixture patient's suspicious finding (a signed report recommending biopsy)
  'Query.followUps': [{ attempt: gql('{ followUps(filter: { when: DUE }) { items { id patientName } } }'), allowed: ['doctor'], answered: ['specialist', 'outsideSpecialist', 'otherDoctor'] }],
  'Query.followUpCounts': [{ attempt: gql('{ followUpCounts { due overdue } }'), allowed: ['doctor'], answered: ['specialist', 'outsideSpecialist', 'otherDoctor'] }],
  'Query.followUpCase': [{ attempt: gql('query($id: ID!) { followUpCase(id: $id) { id patientName } }', (i) => ({ id: i.followUp })), allowed: ['doctor'] }],
  // Escalations name no patient; outside an admin's tree they answer nothing (follow-up.spec.ts)
  'Query.followUpEscalations': [{ attempt: gql('{ followUpEscalations { total } }'), allowed: ['admin', 'countyAdmin'] }],
  // Model monitoring: per-site figures and per-lesion pathology without patient identity, for admins of the site
  'Query.modelMonitoring': [{ attempt: gql('{ modelMonitoring { institutionId alert } }'), allowed: ['admin', 'countyAdmin'] }],
  'Query.modelAlerts': [{ attempt: gql('{ modelAlerts { institutionId } }'), allowed: ['admin', 'countyAdmin'] }],
  'Query.lesionOutcomes': [{ attempt: gql('{ lesionOutcomes { lesionId pathology } }'), allowed: ['admin', 'countyAdmin'] }],
  // Programme dashboard: counts only; admins over their tree, clinicians and trainers over their own institution
  'Query.programmeDashboard': [
    { attempt: gql('{ programmeDashboard { screenings institutions { institutionId screenings } } }'), allowed: ['admin', 'countyAdmin', 'specialist', 'outsideSpecialist', 'doctor', 'otherDoctor', 'trainer'] },
  ],

  // Teaching cases: made from an image one may read; the de-identified copies are course material
  'Mutation.createTeachingCase': [{ attempt: gql('mutation($id: ID!) { createTeachingCase(imageId: $id) { id } }', (i) => ({ id: i.image })), allowed: CLINICIANS_OF_THE_CASE }],
  'Query.teachingCaseBlanking': [{ attempt: gql('query($id: ID!) { teachingCaseBlanking(imageId: $id) { width } }', (i) => ({ id: i.image })), allowed: CLINICIANS_OF_THE_CASE }],
  'Query.teachingCases': [{ attempt: gql('{ teachingCases { id } }'), allowed: ['specialist', 'outsideSpecialist', 'doctor', 'otherDoctor', 'trainer'] }],
  'GET /training-media/:id': [{ attempt: (i) => ({ method: 'GET', path: `/training-media/${i.teachingCase}` }), allowed: EVERYONE }],
  // From a follow-up outcome: trainers of an institute that trains the case's institution (the fixture's case has
  // no pathology yet, so theirs is answered NO_PATHOLOGY_OUTCOME); the list names no patient
  'Query.confirmedOutcomeCases': [{ attempt: gql('{ confirmedOutcomeCases { followUpCaseId diagnosis } }'), allowed: ['trainer'] }],
  'Mutation.createTeachingCaseFromFollowUp': [
    { attempt: gql('mutation($id: ID!) { createTeachingCaseFromFollowUp(followUpCaseId: $id) { id } }', (i) => ({ id: i.followUp })), allowed: ['trainer'] },
  ],

  // The audit trail names patients' records
  'Query.auditEvents': [
    { name: 'own tree', attempt: gql('{ auditEvents(filter: { limit: 5 }) { items { id } } }'), allowed: ['admin', 'countyAdmin'] },
    { name: 'the region root', attempt: gql('query($i: ID) { auditEvents(filter: { institutionId: $i, limit: 5 }) { items { id } } }', (i) => ({ i: i['KS-PH'] })), allowed: ['admin'] },
  ],
  'Subscription.auditEventRecorded': [{ attempt: () => ({ subscription: 'subscription { auditEventRecorded { id } }' }), allowed: ['admin', 'countyAdmin'] }],

  // Changes that end the fixture's workflow: last
  'Mutation.importDicomUpload': [
    { attempt: gql('mutation($i: ImportDicomInput!) { importDicomUpload(input: $i) { id } }', (i) => ({ i: { uploadId: i.dicomUpload, patientId: i.patient } })), allowed: ['doctor'], hidden: true },
  ],
  'Mutation.recordFollowUpOutcome': [
    { attempt: gql('mutation($i: RecordOutcomeInput!) { recordFollowUpOutcome(input: $i) { id } }', (i) => ({ i: { caseId: i.followUp, outcome: 'DECLINED', note: 'Prefers to wait' } })), allowed: ['doctor'] },
  ],
  'Mutation.submitConsultReport': [{ attempt: gql('mutation($id: ID!) { submitConsultReport(consultId: $id) { id } }', (i) => ({ id: i.consult })), allowed: ['specialist'] }],
  // A wrong password: the policy refuses the others before the password is looked at.
  'Mutation.signConsultReport': [
    {
      attempt: gql('mutation($i: SignReportInput!) { signConsultReport(input: $i) { id } }', (i) => ({ i: { consultId: i.consult, password: 'not-the-password', contentHash: '0'.repeat(64) } })),
      allowed: ['specialist'],
    },
  ],
  'Mutation.amendConsultReport': [{ attempt: gql('mutation($id: ID!) { amendConsultReport(consultId: $id) { id } }', (i) => ({ id: i.consult })), allowed: ['specialist'] }],
  'Mutation.releaseConsult': [{ attempt: gql('mutation($id: ID!) { releaseConsult(id: $id) { id } }', (i) => ({ id: i.consult })), allowed: ['specialist'] }],
  'Mutation.cancelConsult': [{ attempt: gql('mutation($id: ID!) { cancelConsult(id: $id) { id } }', (i) => ({ id: i.consult2 })), allowed: ['doctor'] }],
  // Emergency access: any clinician may ask (those who already may read are told CONFLICT); admins review it
  'Mutation.breakGlass': [
    {
      attempt: gql('mutation($i: BreakGlassInput!) { breakGlass(input: $i) { id } }', (i) => ({ i: { patientId: i.patient, reason: 'Transferred unconscious; prior imaging needed now' } })),
      allowed: ['doctor', 'otherDoctor', 'specialist', 'outsideSpecialist'],
    },
  ],
  'Query.breakGlassGrants': [{ attempt: gql('{ breakGlassGrants { id } }'), allowed: ['admin', 'countyAdmin'] }],
  'Subscription.breakGlassGranted': [{ attempt: () => ({ subscription: 'subscription { breakGlassGranted { id } }' }), allowed: ['admin', 'countyAdmin'] }],

  // Live feeds without arguments: delivery is filtered per event (ConsultAccessService.mayRead, consult.call);
  // the test "delivers live consult events only to the entitled" below covers them.
  'Subscription.consultChanged': { exempt: 'filtered per event; see the live-feed test below' },
  'Subscription.callInvited': { exempt: 'filtered per event; see the live-feed test below' },

  // Administration: people and institutions, not patient records
  'Query.institutions': [{ attempt: gql('{ institutions { id } }'), allowed: EVERYONE }],
  'Query.institution': [{ attempt: gql('query($id: ID!) { institution(id: $id) { id } }', (i) => ({ id: i['KS-PH'] })), allowed: EVERYONE }],
  'Mutation.createInstitution': [
    {
      name: 'under Shufu county',
      attempt: gql('mutation($i: CreateInstitutionInput!) { createInstitution(input: $i) { id } }', (i) => ({
        i: { code: `KS-SF-N${++counter}`, name: 'New township', type: 'TOWNSHIP_HEALTH_CENTRE', prefecture: 'Kashgar', parentId: i['KS-SF-CH'] },
      })),
      allowed: ['admin', 'countyAdmin'],
    },
    {
      name: 'a new root',
      attempt: gql('mutation($i: CreateInstitutionInput!) { createInstitution(input: $i) { id } }', () => ({ i: { code: `ROOT-${++counter}`, name: 'Another region', type: 'URBAN_HOSPITAL', prefecture: 'Hotan' } })),
      allowed: ['admin'],
    },
  ],
  'Mutation.updateInstitution': [
    {
      name: 'rename a Shufu township',
      attempt: gql('mutation($i: UpdateInstitutionInput!) { updateInstitution(input: $i) { id } }', (i) => ({ i: { id: i['KS-SF-T02'], name: 'Wupar Township Health Centre' } })),
      allowed: ['admin', 'countyAdmin'],
    },
    {
      name: 'rename a Shule township',
      attempt: gql('mutation($i: UpdateInstitutionInput!) { updateInstitution(input: $i) { id } }', (i) => ({ i: { id: i['KS-SL-T03'], name: 'Aral Township Health Centre' } })),
      allowed: ['admin'],
    },
    {
      name: 'make a Shule township a root',
      attempt: gql('mutation($i: UpdateInstitutionInput!) { updateInstitution(input: $i) { id } }', (i) => ({ i: { id: i['KS-SL-T02'], parentId: null } })),
      allowed: ['admin'],
    },
  ],
  'Query.dicomInbox': [{ attempt: gql('{ dicomInbox { id patient { name } } }'), allowed: ['doctor'], answered: ['otherDoctor'] }],
  'Mutation.resolveDicomInbox': [
    { attempt: gql('mutation($i: ResolveDicomInboxInput!) { resolveDicomInbox(input: $i) { id } }', (i) => ({ i: { entryId: i.dicomInboxEntry, patientId: i.patient } })), allowed: ['doctor'] },
  ],
  'Query.dicomDevices': [{ attempt: gql('{ dicomDevices { id } }'), allowed: ['admin', 'countyAdmin'] }],
  'Mutation.registerDicomDevice': [
    {
      attempt: gql('mutation($d: RegisterDicomDeviceInput!) { registerDicomDevice(input: $d) { id } }', (i) => ({
        d: { institutionId: i['KS-SF-T01'], aeTitle: `MATRIX_${++counter}`, label: 'Matrix scanner', region: 'BREAST' },
      })),
      allowed: ['admin', 'countyAdmin'],
    },
  ],
  'POST /dicomweb/studies': { exempt: 'devices, not users: STOW-RS takes a device’s HTTP Basic secret (a bearer token is refused); covered by dicomweb.spec' },
  'GET /dicomweb/studies': [{ attempt: (i) => ({ method: 'GET', path: `/dicomweb/studies?StudyInstanceUID=${i.dicomStudyUid}` }), allowed: ['doctor'], answered: ['specialist', 'outsideSpecialist', 'otherDoctor'] }],
  'GET /dicomweb/studies/:study': [{ attempt: (i) => ({ method: 'GET', path: `/dicomweb/studies/${i.dicomStudyUid}` }), allowed: ['doctor'] }],
  'GET /dicomweb/studies/:study/metadata': [{ attempt: (i) => ({ method: 'GET', path: `/dicomweb/studies/${i.dicomStudyUid}/metadata` }), allowed: ['doctor'] }],
  'GET /dicomweb/studies/:study/series': [{ attempt: (i) => ({ method: 'GET', path: `/dicomweb/studies/${i.dicomStudyUid}/series` }), allowed: ['doctor'] }],
  'GET /dicomweb/studies/:study/instances': [{ attempt: (i) => ({ method: 'GET', path: `/dicomweb/studies/${i.dicomStudyUid}/instances` }), allowed: ['doctor'] }],
  'GET /dicomweb/studies/:study/series/:series': [{ attempt: (i) => ({ method: 'GET', path: `/dicomweb/studies/${i.dicomStudyUid}/series/${i.dicomSeriesUid}` }), allowed: ['doctor'] }],
  'GET /dicomweb/studies/:study/series/:series/metadata': [{ attempt: (i) => ({ method: 'GET', path: `/dicomweb/studies/${i.dicomStudyUid}/series/${i.dicomSeriesUid}/metadata` }), allowed: ['doctor'] }],
  'GET /dicomweb/studies/:study/series/:series/instances': [{ attempt: (i) => ({ method: 'GET', path: `/dicomweb/studies/${i.dicomStudyUid}/series/${i.dicomSeriesUid}/instances` }), allowed: ['doctor'] }],
  'GET /dicomweb/studies/:study/series/:series/instances/:instance': [{ attempt: (i) => ({ method: 'GET', path: `/dicomweb/studies/${i.dicomStudyUid}/series/${i.dicomSeriesUid}/instances/${i.dicomSopUid}` }), allowed: ['doctor'] }],
  'GET /dicomweb/studies/:study/series/:series/instances/:instance/metadata': [{ attempt: (i) => ({ method: 'GET', path: `/dicomweb/studies/${i.dicomStudyUid}/series/${i.dicomSeriesUid}/instances/${i.dicomSopUid}/metadata` }), allowed: ['doctor'] }],
  'Mutation.issueDicomwebSecret': [{ attempt: gql('mutation($id: ID!) { issueDicomwebSecret(id: $id) }', (i) => ({ id: i.dicomDevice })), allowed: ['admin', 'countyAdmin'] }],
  'Mutation.deactivateDicomDevice': [{ attempt: gql('mutation($id: ID!) { deactivateDicomDevice(id: $id) { id } }', (i) => ({ id: i.dicomDevice })), allowed: ['admin', 'countyAdmin'] }],
  'Mutation.setInstitutionActive': [{ attempt: gql('mutation($id: ID!) { setInstitutionActive(id: $id, active: true) { id } }', (i) => ({ id: i['KS-SF-T03'] })), allowed: ['admin', 'countyAdmin'] }],
  'Query.users': [{ attempt: gql('{ users { total } }'), allowed: ['admin', 'countyAdmin'] }],
  'Query.user': [
    { name: 'the township doctor', attempt: gql('query($id: ID!) { user(id: $id) { id } }', (i) => ({ id: i.doctor })), allowed: ['admin', 'countyAdmin', 'doctor'] },
    { name: 'the specialist', attempt: gql('query($id: ID!) { user(id: $id) { id } }', (i) => ({ id: i.specialist })), allowed: ['admin', 'specialist'] },
  ],
  'Mutation.resetUserPassword': [
    { attempt: gql('mutation($id: ID!) { resetUserPassword(input: { userId: $id, newPassword: "Temporary-pass-9" }) { id } }', (i) => ({ id: i['shule.nurse'] })), allowed: ['admin'] },
  ],
  'Mutation.unlockUser': [{ attempt: gql('mutation($id: ID!) { unlockUser(id: $id) { id } }', (i) => ({ id: i.doctor })), allowed: ['admin', 'countyAdmin'] }],
  'Mutation.setSpecialistFocus': [
    { attempt: gql('mutation($u: ID!) { setSpecialistFocus(userId: $u, regions: [THYROID]) }', (i) => ({ u: i['outside.specialist'] })), allowed: ['admin', 'outsideSpecialist'] },
  ],
  'Query.me': { exempt: 'the caller’s own profile' },
  'Mutation.updateUser': { exempt: 'profiles, covered by the users and auth specs' },
  'Mutation.createUser': { exempt: 'accounts, covered by the users spec (and used by this spec’s fixtures)' },
  'Mutation.assignRole': { exempt: 'roles, covered by the users and audit specs' },
  'Mutation.revokeRole': { exempt: 'roles, covered by the users spec' },
  'Mutation.setUserActive': { exempt: 'accounts, covered by the auth spec' },
  'Mutation.changeMyPassword': { exempt: 'the caller’s own password' },
  'Mutation.signIn': { exempt: 'public: signing in' },
  'Mutation.refreshSession': { exempt: 'public: a refresh token, not a person’s data' },
  'Mutation.signOut': { exempt: 'the caller’s own session' },
  'Mutation.verifyMfa': { exempt: 'public: the second sign-in step' },
  'Mutation.beginMfaEnrolment': { exempt: 'public: setting up the second factor during sign-in' },
  'Mutation.confirmMfaEnrolment': { exempt: 'public: setting up the second factor during sign-in' },
  'Mutation.resetUserMfa': { exempt: 'accounts, covered by the MFA spec' },

  // Models and the inference service: no patient data
  'Query.modelVersions': { exempt: 'model cards, no patient data' },
  'Query.inferenceStatus': { exempt: 'queue depth and provider, no patient data' },
  'Mutation.activateModelVersion': [{ attempt: gql('mutation($id: ID!) { activateModelVersion(id: $id) { id } }', (i) => ({ id: i['KS-PH'] })), allowed: ['admin'] }],

  // Training: course material and results of staff, not patients (teaching cases above are de-identified)
  'Query.courses': { exempt: 'training catalogue' },
  'Query.course': { exempt: 'training catalogue' },
  'Query.questions': { exempt: 'training content; answer keys are questionKeys' },
  'Query.questionKeys': [{ attempt: gql('query($c: ID!) { questionKeys(courseId: $c) { questionId } }', (i) => ({ c: i.course })), allowed: ['trainer'] }],
  'Query.courseReport': { exempt: 'staff training results, covered by the training specs' },
  // Staff results per person: the course's trainers and the admins over its institution (training.report).
  'Query.gradebook': [{ attempt: gql('query($c: ID!) { gradebook(courseId: $c) { courseId } }', (i) => ({ c: i.course })), allowed: ['trainer', 'admin'] }],
  'Query.enrolmentReports': { exempt: 'staff training results, covered by the training specs' },
  'Query.certificateSeal': [{ attempt: gql('query($i: ID!) { certificateSeal(institutionId: $i) { institutionId } }', (i) => ({ i: i['KS-TI'] })), allowed: ['admin'] }],
  'Query.courseCertificates': { exempt: 'staff certificates, covered by the certificates spec' },
  'Query.myCertificates': { exempt: 'the caller’s own certificates' },
  'Query.verifyCertificate': { exempt: 'public: certificate verification by code' },
  'Query.examAttempt': { exempt: 'the caller’s own exam attempt' },
  'Query.liveSessions': { exempt: 'training schedule' },
  'Query.liveSession': { exempt: 'training schedule (its title and presenter; the certificates spec covers who may read it)' },
  'Mutation.createCourse': { exempt: 'training authoring' },
  'Mutation.updateCourse': { exempt: 'training authoring' },
  'Mutation.addModule': { exempt: 'training authoring' },
  'Mutation.addLesson': { exempt: 'training authoring; lesson media references are checked in the courses spec' },
  'Mutation.addQuestion': { exempt: 'training authoring' },
  // Maintaining a course: its trainers only (training.author); the deletions come last, after the edits.
  'Mutation.updateModule': [{ attempt: gql('mutation($id: ID!) { updateModule(id: $id, title: "Renamed") { id } }', (i) => ({ id: i.module })), allowed: ['trainer'] }],
  'Mutation.reorderModules': [{ attempt: gql('mutation($i: ReorderInput!) { reorderModules(input: $i) { id } }', (i) => ({ i: { parentId: i.course, ids: [i.module, i.module2] } })), allowed: ['trainer'] }],
  'Mutation.updateLesson': [
    { attempt: gql('mutation($id: ID!, $i: LessonContentInput!) { updateLesson(id: $id, input: $i) { id } }', (i) => ({ id: i.lesson, i: { title: 'Edited', kind: 'TEXT', body: 'Edited.' } })), allowed: ['trainer'] },
  ],
  'Mutation.reorderLessons': [{ attempt: gql('mutation($i: ReorderInput!) { reorderLessons(input: $i) { id } }', (i) => ({ i: { parentId: i.module, ids: [i.lesson] } })), allowed: ['trainer'] }],
  'Mutation.reorderQuestions': [{ attempt: gql('mutation($i: ReorderInput!) { reorderQuestions(input: $i) { id } }', (i) => ({ i: { parentId: i.course, ids: [i.question2, i.question] } })), allowed: ['trainer'] }],
  'Mutation.updateQuestion': [
    {
      attempt: gql('mutation($id: ID!, $i: QuestionContentInput!) { updateQuestion(id: $id, input: $i) { id } }', (i) => ({ id: i.question, i: { kind: 'SINGLE', stem: 'Edited?', options: ['a', 'b'], correctOptions: [1] } })),
      allowed: ['trainer'],
    },
  ],
  'Mutation.deleteQuestion': [{ attempt: gql('mutation($id: ID!) { deleteQuestion(id: $id) { retired } }', (i) => ({ id: i.question2 })), allowed: ['trainer'] }],
  'Mutation.deleteLesson': [{ attempt: gql('mutation($id: ID!) { deleteLesson(id: $id) }', (i) => ({ id: i.lesson2 })), allowed: ['trainer'] }],
  'Mutation.deleteModule': [{ attempt: gql('mutation($id: ID!) { deleteModule(id: $id) }', (i) => ({ id: i.module2 })), allowed: ['trainer'] }],
  'Mutation.setExam': { exempt: 'training authoring' },
  'Mutation.publishCourse': { exempt: 'training authoring' },
  'Mutation.duplicateCourse': [{ attempt: gql('mutation($id: ID!) { duplicateCourse(id: $id, title: "Matrix copy") { id } }', (i) => ({ id: i.course })), allowed: ['trainer'] }],
  'Mutation.enrol': { exempt: 'staff enrolment' },
  'Query.trainableStaff': [{ attempt: gql('query($c: ID!) { trainableStaff(courseId: $c, search: "ab") { id } }', (i) => ({ c: i.course })), allowed: ['trainer'] }],
  'Query.trainingMandates': [{ attempt: gql('{ trainingMandates { institutionId } }'), allowed: ['admin', 'countyAdmin'] }],
  'Mutation.setTrainingMandate': [
    {
      attempt: gql('mutation($t: ID!, $i: ID!) { setTrainingMandate(trainerInstitutionId: $t, institutionId: $i, granted: true) }', (i) => ({ t: i['KS-TI'], i: i['KS-SF-T01'] })),
      allowed: ['admin', 'countyAdmin'],
    },
  ],
  // Opening a course to self-enrolment: its trainers, to an institution their institute trains (here their own).
  'Mutation.setSelfEnrolment': [{ attempt: gql('mutation($c: ID!, $i: ID) { setSelfEnrolment(courseId: $c, institutionId: $i) { id } }', (i) => ({ c: i.course, i: i['KS-TI'] })), allowed: ['trainer'] }],
  'Mutation.enrolMyself': { exempt: 'the caller’s own enrolment; who may is decided by the course’s opening, covered by the self-enrolment spec' },
  'Mutation.enrolStaff': [{ attempt: gql('mutation($c: ID!, $u: ID!) { enrolStaff(courseId: $c, userId: $u) { id } }', (i) => ({ c: i.course, u: i.doctor })), allowed: ['trainer'] }],
  'Mutation.completeLesson': { exempt: 'the caller’s own progress' },
  'Mutation.startExamAttempt': { exempt: 'the caller’s own exam' },
  'Mutation.saveAnswer': { exempt: 'the caller’s own exam' },
  'Mutation.submitExamAttempt': { exempt: 'the caller’s own exam' },
  'Mutation.renewCertificate': { exempt: 'staff certificates' },
  'Mutation.revokeCertificate': { exempt: 'staff certificates' },
  'Mutation.scheduleLiveSession': { exempt: 'training schedule' },
  'Mutation.trainingSessionJoin': { exempt: 'a training call: no patient data' },
  'Mutation.startSessionRecording': { exempt: 'a training call (training.record, trainers only): the session-recordings spec covers the refusal' },
  'Mutation.stopSessionRecording': { exempt: 'a training call (training.record, trainers only): the session-recordings spec covers the refusal' },
  'GET /training-recordings/:file': { exempt: 'a recorded training call (its course’s staff and enrolled trainees; the session-recordings spec covers it)' },
  'POST /training/courses/:courseId/enrolments': { exempt: 'staff enrolment by CSV' },
  'GET /certificates/:file': { exempt: 'staff certificates (PDF by unguessable file name)' },
  'GET /question-banks/:courseId/export': [{ attempt: (i) => ({ method: 'GET', path: `/question-banks/${i.course}/export?format=gift` }), allowed: ['trainer'] }],
  'POST /question-banks/:courseId/import': [{ attempt: (i) => ({ method: 'POST', path: `/question-banks/${i.course}/import?format=json&dryRun=true`, json: {} }), allowed: ['trainer'] }],
  'PUT /certificates/seals/:institutionId': { exempt: 'an issuer’s seal, its admins only; covered by the certificate-seals spec' },
  'GET /certificates/seals/:file': { exempt: 'an issuer’s seal, its admins only; covered by the certificate-seals spec' },
  'DELETE /certificates/seals/:institutionId': { exempt: 'an issuer’s seal, its admins only; covered by the certificate-seals spec' },
  'GET /gradebooks/:courseId/:file': [{ attempt: (i) => ({ method: 'GET', path: `/gradebooks/${i.course}/gradebook.csv` }), allowed: ['trainer', 'admin'] }],
  'GET /health/live': { exempt: 'public: liveness' },
  'GET /health/ready': { exempt: 'public: readiness' },
  'POST /internal/media-events': { exempt: 'public: the media service’s signed callback' },
  'POST /internal/media-sessions': { exempt: 'public: the media service’s signed session check' },
};

describe.each(DATABASE_KINDS)('access matrix through the API (%s)', (kind) => {
  let t: TestApp;
  const tokens = {} as Record<Who, string | undefined>;
  const ids: Ids = {};

  beforeAll(async () => {
    t = await createTestApp(kind);
    for (const i of await t.dataSource.getRepository(Institution).find()) ids[i.code] = i.id;
    for (const u of await t.dataSource.getRepository(User).find()) ids[u.username] = u.id;
    for (const who of ['admin', 'specialist', 'doctor', 'trainer', 'trainee'] as const) tokens[who] = await t.signIn(who);
    const create = async (username: string, role: string, institution: string) => {
      const user = await createSignedInUser(t, tokens.admin!, username, [{ role, institutionId: ids[institution] }]);
      ids[username] = user.id;
      return user.token;
    };
    tokens.countyAdmin = await create('county.admin', 'ADMIN', 'KS-SF-CH');
    tokens.otherDoctor = await create('shule.doctor', 'TOWNSHIP_DOCTOR', 'KS-SL-T01');
    tokens.outsideSpecialist = await create('outside.specialist', 'SPECIALIST', 'KS-PH');
    ids['shule.nurse'] = (await createSignedInUser(t, tokens.admin!, 'shule.nurse', [{ role: 'TRAINEE', institutionId: ids['KS-SL-T01'] }])).id;
    await t.gql('mutation($u: ID!) { setSpecialistFocus(userId: $u, regions: [THYROID]) }', { u: ids['outside.specialist'] }, tokens.admin);

    // The case: a breast study with one image at Tokuzak, its consult claimed and in review by the specialist.
    const doctor = tokens.doctor!;
    const specialist = tokens.specialist!;
    const png = encodeGrayPng({ width: 64, height: 48, data: Uint8Array.from({ length: 64 * 48 }, (_, i) => (i * 7) % 251) });
    ids.patient = await registerPatient(t, doctor, ids['KS-SF-T01'], 'Matrix Patient');
    ids.study = await createStudy(t, doctor, ids.patient, 'BREAST', png);
    ids.image = (await t.gql('query($id: ID!) { study(id: $id) { images { id } } }', { id: ids.study }, doctor)).data!.study.images[0].id;
    const request = async (studyId: string) =>
      (await t.gql('mutation($i: RequestConsultInput!) { requestConsult(input: $i) { id } }', { i: { studyId, clinicalQuestion: 'Biopsy or follow-up?' } }, doctor)).data!.requestConsult.id as string;
    ids.consult = await request(ids.study);
    await t.gql('mutation($id: ID!) { claimConsult(id: $id) { id } }', { id: ids.consult }, specialist);
    await t.gql('mutation($id: ID!) { startConsultReview(id: $id) { id } }', { id: ids.consult }, specialist);
    ids.report = (await t.gql('mutation($i: SaveReportInput!) { saveConsultReport(input: $i) { id } }', { i: { consultId: ids.consult, ...REPORT } }, specialist)).data!.saveConsultReport.id;
    ids.study2 = await createStudy(t, doctor, ids.patient, 'BREAST');
    const biopsy = await createStudy(t, doctor, ids.patient, 'BREAST');
    await signedReport(t, doctor, specialist, biopsy, { impression: 'Suspicious', recommendation: 'BIOPSY', categorySystem: 'BI-RADS', categoryValue: '4B' });
    ids.followUp = (await t.dataSource.query('SELECT id FROM follow_up_case WHERE study_id = $1', [biopsy]))[0].id;
    ids.consult2 = await request(ids.study2);
    ids.upload = (await createUpload(t.url, doctor, ids.study, 100)).body.id!;
    const dicom = makeDicom({ rows: 16, cols: 16, pixel: () => 100, patient: { name: 'Matrix^Patient', id: 'MX-1', sex: 'F', birthDate: '19800101' } });
    ids.dicomUpload = (await uploadFile(t.url, doctor, { institutionId: ids['KS-SF-T01'], region: 'BREAST' }, dicom)).body.id!;
    // A study that came as DICOM (what DICOMweb serves), imported from an upload of a file with known UIDs.
    [ids.dicomStudyUid, ids.dicomSeriesUid, ids.dicomSopUid] = ['1.2.826.0.1.3680043.10.1551.90', '1.2.826.0.1.3680043.10.1551.91', '1.2.826.0.1.3680043.10.1551.92'];
    const served = makeDicom({ rows: 16, cols: 16, pixel: () => 90, studyInstanceUid: ids.dicomStudyUid, seriesInstanceUid: ids.dicomSeriesUid, sopInstanceUid: ids.dicomSopUid, patient: { name: 'Matrix^Patient', id: 'MX-1', sex: 'F', birthDate: '19800101' } });
    const servedUpload = (await uploadFile(t.url, doctor, { institutionId: ids['KS-SF-T01'], region: 'BREAST' }, served)).body.id!;
    // A patient of its own: the break-glass cells grant others emergency access to the fixture patient.
    ids.dicomPatient = await registerPatient(t, doctor, ids['KS-SF-T01'], 'Matrix DICOM Patient');
    const imported = await t.gql('mutation($i: ImportDicomInput!) { importDicomUpload(input: $i) { id } }', { i: { uploadId: servedUpload, patientId: ids.dicomPatient } }, doctor);
    expect(imported.errors).toBeUndefined();
    ids.dicomDevice = (
      await t.gql('mutation($d: RegisterDicomDeviceInput!) { registerDicomDevice(input: $d) { id } }', { d: { institutionId: ids['KS-SF-T01'], aeTitle: 'MATRIX_US', label: 'Matrix US', region: 'BREAST' } }, tokens.admin)
    ).data!.registerDicomDevice.id;
    // An instance a scanner sent for a patient it could not match (the DICOM upload's stored file, in the inbox).
    const { blobSha256 } = await t.dataSource.getRepository(Upload).findOneByOrFail({ id: ids.dicomUpload });
    ids.dicomInboxEntry = (
      await t.dataSource.getRepository(DicomInstance).save({ institutionId: ids['KS-SF-T01'], deviceId: ids.dicomDevice, sopInstanceUid: '1.2.826.0.1.3680043.10.1551.77', blobSha256: blobSha256!, studyId: null })
    ).id;
    ids.pacsDestination = (
      await t.gql('mutation($d: RegisterPacsDestinationInput!) { registerPacsDestination(input: $d) { id } }', { d: { institutionId: ids['KS-SF-T01'], label: 'Matrix PACS', aeTitle: 'MATRIXPACS', host: '127.0.0.1', port: 4242 } }, tokens.admin)
    ).data!.registerPacsDestination.id;
    ids.teachingCase = (await t.gql('mutation($id: ID!) { createTeachingCase(imageId: $id) { id } }', { id: ids.image }, doctor)).data!.createTeachingCase.id;
    ids.course = (await t.gql('mutation($i: CourseInput!) { createCourse(input: $i) { id } }', { i: COURSE_INPUT }, tokens.trainer)).data!.createCourse.id;
    const asTrainer = async (query: string, variables: Record<string, unknown>) => Object.values((await t.gql(query, variables, tokens.trainer)).data!)[0].id as string;
    [ids.module, ids.module2] = [
      await asTrainer('mutation($i: ModuleInput!) { addModule(input: $i) { id } }', { i: { courseId: ids.course, title: 'Matrix module' } }),
      await asTrainer('mutation($i: ModuleInput!) { addModule(input: $i) { id } }', { i: { courseId: ids.course, title: 'Matrix module 2' } }),
    ];
    ids.lesson = await asTrainer('mutation($i: LessonInput!) { addLesson(input: $i) { id } }', { i: { moduleId: ids.module, title: 'Lesson', kind: 'TEXT', body: '…' } });
    ids.lesson2 = await asTrainer('mutation($i: LessonInput!) { addLesson(input: $i) { id } }', { i: { moduleId: ids.module2, title: 'Lesson 2', kind: 'TEXT', body: '…' } });
    const question = { courseId: ids.course, kind: 'SINGLE', stem: 'Matrix?', options: ['a', 'b'], correctOptions: [0] };
    ids.question = await asTrainer('mutation($i: QuestionInput!) { addQuestion(input: $i) { id } }', { i: question });
    ids.question2 = await asTrainer('mutation($i: QuestionInput!) { addQuestion(input: $i) { id } }', { i: { ...question, stem: 'Matrix 2?' } });
  });
  afterAll(() => t?.close());

  it('has an entry for every GraphQL operation and REST route, and none for operations that do not exist', () => {
    const keys = operationsOf(t).map((o) => o.key);
    expect(keys.filter((k) => !(k in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((k) => !keys.includes(k))).toEqual([]);
  });

  it('lets no one signed out past a route that is not public', () => {
    const publicRoutes = operationsOf(t).filter((o) => o.public).map((o) => o.key);
    // STOW-RS checks a device's credentials itself (HTTP Basic), as the internal routes check their signature.
    expect(publicRoutes.sort()).toEqual(['GET /health/live', 'GET /health/ready', 'POST /dicomweb/studies', 'POST /internal/media-events', 'POST /internal/media-sessions']);
  });

  /** Runs one attempt as `who`: whether it was refused (and how) and the raw answer. */
  async function attempt(who: Who, a: Attempt): Promise<{ code: string | undefined; answered: boolean; body: string }> {
    const token = tokens[who];
    if ('gql' in a) {
      const result = await t.gql(a.gql, a.variables, token);
      const data = result.data ? Object.values(result.data)[0] : null;
      return { code: codeOf(result), answered: data !== null && data !== undefined, body: JSON.stringify(result) };
    }
    if ('subscription' in a) {
      const live = subscribe(t.url, token, a.subscription);
      // A refusal arrives at once; an accepted subscription just stays open.
      await Promise.race([live.ready.then(() => new Promise((resolve) => setTimeout(resolve, 150))), new Promise((resolve) => setTimeout(resolve, 2000))]);
      const first = live.errors[0] as Array<{ extensions?: { code?: string } }> | { code?: number } | undefined;
      await live.close();
      const code = Array.isArray(first) ? first[0]?.extensions?.code : first ? 'UNAUTHENTICATED' : undefined;
      return { code, answered: !first, body: '' };
    }
    const response = await fetch(t.url + a.path, {
      method: a.method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(a.json ? { 'content-type': 'application/json' } : {}), ...a.headers },
      body: a.json ? JSON.stringify(a.json) : a.bytes,
    });
    const text = a.method === 'HEAD' ? '' : await response.text();
    const byStatus: Record<number, string> = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' };
    let code: string | undefined = byStatus[response.status];
    try {
      code = (JSON.parse(text) as { errors?: Array<{ extensions?: { code?: string } }> }).errors?.[0]?.extensions?.code ?? code;
    } catch {
      // a PNG, a PDF or an empty HEAD answer
    }
    return { code, answered: response.status < 400, body: text.slice(0, 100_000) };
  }

  const secrets = () => [ids.patient, ids.study, ids.study2, ids.consult, ids.consult2, ids.image, ids.followUp, 'Matrix Patient', ids.dicomPatient, 'Matrix^Patient', ids.dicomSopUid];
  const deniedRows = () => t.dataSource.getRepository(AuditEvent).countBy({ outcome: AuditOutcome.DENIED });

  // Refusals first within each operation, so an entitled change cannot mask one.
  const cases = Object.entries(MATRIX).flatMap(([key, entry]) =>
    'exempt' in entry
      ? []
      : entry.flatMap((cell) =>
          [...ACTORS]
            .sort((a, b) => Number(cell.allowed.includes(a)) - Number(cell.allowed.includes(b)))
            .map((who) => [cell.name ? `${key} (${cell.name})` : key, who, cell.allowed.includes(who), cell] as const),
        ),
  );

  it.each(cases)('%s by %s → allowed=%s', async (_key, who, allowed, cell) => {
    const before = await deniedRows();
    const result = await attempt(who, cell.attempt(ids));
    if (allowed) {
      expect(['FORBIDDEN', 'UNAUTHENTICATED']).not.toContain(result.code);
      return;
    }
    if (who !== 'anonymous' && cell.answered?.includes(who)) {
      // Their own list: answered, without the fixture patient's data.
      expect(result.code).toBeUndefined();
      expect(secrets().filter((s) => result.body.includes(s))).toEqual([]);
      return;
    }
    expect(result.answered).toBe(false);
    expect(secrets().filter((s) => result.body.includes(s))).toEqual([]);
    if (who === 'anonymous') {
      expect(result.code).toBe('UNAUTHENTICATED');
    } else if (cell.hidden) {
      expect(result.code).toBe('NOT_FOUND');
    } else {
      expect(result.code).toBe('FORBIDDEN');
      expect(await deniedRows()).toBeGreaterThan(before);
    }
  });

  it('delivers live consult events only to the entitled', async () => {
    const FEED = 'subscription { consultChanged { id } }';
    const feeds = Object.fromEntries(SIGNED_IN.map((who) => [who, subscribe<{ consultChanged: { id: string } }>(t.url, tokens[who], FEED)]));
    const calls = Object.fromEntries(SIGNED_IN.map((who) => [who, subscribe<{ callInvited: { consultId: string } }>(t.url, tokens[who], 'subscription { callInvited { consultId } }')]));
    await Promise.all([...Object.values(feeds), ...Object.values(calls)].map((f) => f.ready));
    const studyId = await createStudy(t, tokens.doctor!, ids.patient, 'BREAST');
    const consultId = (await t.gql('mutation($i: RequestConsultInput!) { requestConsult(input: $i) { id } }', { i: { studyId, clinicalQuestion: 'Live?' } }, tokens.doctor)).data!.requestConsult.id;
    await t.gql('mutation($id: ID!) { claimConsult(id: $id) { id } }', { id: consultId }, tokens.specialist);
    await t.gql('mutation($id: ID!) { consultCallJoin(consultId: $id) { room } }', { id: consultId }, tokens.specialist);
    await feeds.doctor.waitFor((events) => events.some((e) => e.consultChanged.id === consultId));
    await feeds.specialist.waitFor((events) => events.some((e) => e.consultChanged.id === consultId));
    await calls.doctor.waitFor((events) => events.some((e) => e.callInvited.consultId === consultId));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const receivedBy = (subs: typeof feeds | typeof calls) => SIGNED_IN.filter((who) => JSON.stringify(subs[who].received).includes(consultId));
    expect(receivedBy(feeds)).toEqual(['specialist', 'doctor']);
    expect(receivedBy(calls)).toEqual(['doctor']);
    await Promise.all([...Object.values(feeds), ...Object.values(calls)].map((f) => f.close()));
  });
});
