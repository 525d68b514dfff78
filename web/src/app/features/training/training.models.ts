import type { AnatomicalRegion } from '../../core/models/study';
import type { PathologyResult } from '../follow-up/follow-up.api';

/** Training types as the API sends them (see the training GraphQL contract). */

export const LESSON_KINDS = ['TEXT', 'IMAGE', 'VIDEO', 'CASE'] as const;
export type LessonKind = (typeof LESSON_KINDS)[number];
export const QUESTION_KINDS = ['SINGLE', 'MULTIPLE', 'MARK_LESION', 'CASE_CATEGORY', 'CASE_DECISION'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
export type AttemptStatus = 'IN_PROGRESS' | 'SUBMITTED' | 'EXPIRED';
export type CertificateStatus = 'VALID' | 'EXPIRED' | 'REVOKED';

export interface Lesson {
  id: string;
  title: string;
  kind: LessonKind;
  position: number;
  body: string;
  mediaUrl: string | null;
  teachingCaseId: string | null;
  completedByMe: boolean;
}

export interface CourseModule {
  id: string;
  title: string;
  position: number;
  lessons: Lesson[];
}

export interface Certificate {
  id: string;
  courseTitle: string;
  holderName: string;
  institutionName: string;
  creditHours: number;
  issuedAt: string;
  expiresAt: string;
  status: CertificateStatus;
  verificationCode: string;
  pdfUrl: string;
}

/** What making a teaching case of an image would blank: boxes [x0, y0, x1, y1] where text was found, and the ultrasound regions kept. */
export interface TeachingCaseBlanking {
  width: number;
  height: number;
  boxes: number[][];
  keptRegions: number[][];
}

/** An issuing institution's seal, printed on the certificates issued while it is set. */
export interface CertificateSeal {
  institutionId: string;
  width: number;
  height: number;
  setAt: string;
  imageUrl: string;
}

export interface CourseProgress {
  lessonsTotal: number;
  lessonsDone: number;
  attendanceMinutes: number;
  examPassed: boolean;
  completed: boolean;
  certificate: Certificate | null;
}

export type QuestionState = 'CURRENT' | 'SUPERSEDED' | 'RETIRED';

export interface Question {
  id: string;
  courseId: string;
  kind: QuestionKind;
  stem: string;
  options: string[];
  imageUrl: string | null;
  /** Every version of one question shares it; an edit makes a new version with a new id. */
  lineageId: string;
  version: number;
  state: QuestionState;
  position: number;
}

/** What deleting a question did: attempts had used it, so it was retired instead. */
export interface QuestionRemoval {
  retired: boolean;
  message: string;
}

/** A person a trainer may enrol. */
export interface StaffMember {
  id: string;
  username: string;
  displayName: string;
  institutionName: string;
  enrolled: boolean;
}

export interface QuestionKey {
  questionId: string;
  correctOptions: number[];
  lesionBox: number[] | null;
  explanation: string;
}

export interface AnswerValue {
  options: number[] | null;
  point: number[] | null;
}

export interface AttemptQuestion {
  position: number;
  question: Question;
  savedAnswer: AnswerValue | null;
  correct: boolean | null;
  /** The correct answer and the explanation, once the attempt is closed and the exam's review is open. */
  review: QuestionKey | null;
}

export interface ExamAttempt {
  id: string;
  examId: string;
  status: AttemptStatus;
  startedAt: string;
  deadline: string;
  submittedAt: string | null;
  score: number | null;
  passed: boolean | null;
  questions: AttemptQuestion[];
  serverNow: string;
  /** While the answers are held back until the exam closes: when that is. */
  reviewOpensAt: string | null;
}

/** An attempt as listed on the exam (without its questions). */
export type AttemptSummary = Omit<ExamAttempt, 'questions' | 'serverNow' | 'reviewOpensAt'>;

/** When a closed attempt shows the correct answers: at once, or once the exam closes. */
export type ReviewAfter = 'SUBMISSION' | 'CLOSE';

export type EnrolmentStatus = 'ENROLLED' | 'COMPLETED' | 'WITHDRAWN';

/** One enrolled person in a course's gradebook. */
export interface GradebookRow {
  userId: string;
  username: string;
  displayName: string;
  institutionName: string;
  enrolmentStatus: EnrolmentStatus;
  lessonsDone: number;
  attempts: number;
  bestScore: number | null;
  lastScore: number | null;
  passed: boolean;
  lastSubmittedAt: string | null;
  inExam: boolean;
}

export interface Gradebook {
  courseId: string;
  lessonsTotal: number;
  rows: GradebookRow[];
}

export interface Exam {
  id: string;
  courseId: string;
  title: string;
  questionCount: number;
  timeLimitMinutes: number;
  passingScore: number;
  maxAttempts: number;
  reviewAfter: ReviewAfter;
  closesAt: string | null;
  myAttempts: AttemptSummary[];
}

export interface CourseSummary {
  id: string;
  title: string;
  description: string;
  creditHours: number;
  published: boolean;
  myProgress: CourseProgress | null;
  createdAt: string;
}

export interface Course extends CourseSummary {
  certificateValidMonths: number;
  requiredAttendanceMinutes: number;
  certificateSignerName: string;
  certificateSignerTitle: string;
  /** Staff of this institution and those under it may enrol themselves; null: closed. */
  selfEnrolInstitutionId: string | null;
  /** The viewer may enrol themselves now. */
  canEnrolMyself: boolean;
  modules: CourseModule[];
  exam: Exam | null;
}

export interface LiveSession {
  id: string;
  courseId: string;
  title: string;
  startsAt: string;
  durationMinutes: number;
  presenterId: string;
  room: string;
  myAttendanceMinutes: number;
  /** Recordings of the session, watched as lessons (read by the course page's query only). */
  recordings?: SessionRecording[];
}

export interface SessionRecording {
  id: string;
  videoUrl: string;
  durationSeconds: number;
  /** Stretches missing from the file (FFmpeg restarts); the page only says how many. */
  gapCount: number;
}

export interface ItemStatistic {
  questionId: string;
  stem: string;
  answered: number;
  correctRate: number;
}

export interface CourseReport {
  courseId: string;
  enrolled: number;
  completed: number;
  meanScore: number | null;
  passRate: number | null;
  items: ItemStatistic[];
}

export interface CertificateVerification {
  status: CertificateStatus;
  holderName: string;
  courseTitle: string;
  /** The issuing institution; the signer is null on certificates issued before signers were recorded. */
  issuerName: string | null;
  signerName: string | null;
  signerTitle: string | null;
  creditHours: number;
  issuedAt: string;
  expiresAt: string;
  revokedReason: string | null;
}

export interface EnrolmentReport {
  id: string;
  rows: number;
  enrolled: number;
  alreadyEnrolled: number;
  failed: number;
  errors: { line: number; message: string }[];
}

/** What a question bank import (or its check) found: docs/question-bank-files.md. */
export interface QuestionImportReport {
  format: QuestionFileFormat;
  dryRun: boolean;
  questions: number;
  valid: number;
  imported: number;
  failed: number;
  errors: { line: number; message: string }[];
}

/** The question bank file formats the API reads and writes. */
export type QuestionFileFormat = 'gift' | 'json';

export interface CourseInput {
  title: string;
  description: string;
  creditHours: number;
  certificateValidMonths: number;
  requiredAttendanceMinutes: number;
  certificateSignerName: string;
  certificateSignerTitle: string;
}

export interface LessonInput {
  moduleId: string;
  title: string;
  kind: LessonKind;
  body: string;
  mediaUrl: string | null;
  teachingCaseId: string | null;
}

export interface QuestionInput {
  courseId: string;
  kind: QuestionKind;
  stem: string;
  options: string[];
  correctOptions: number[];
  lesionBox: number[] | null;
  imageUrl: string | null;
  explanation: string | null;
}

export interface ExamInput {
  courseId: string;
  title: string;
  questionCount: number;
  timeLimitMinutes: number;
  passingScore: number;
  maxAttempts: number;
  reviewAfter: ReviewAfter;
  closesAt: string | null;
}

export interface LiveSessionInput {
  courseId: string;
  title: string;
  startsAt: string;
  durationMinutes: number;
}

/** Kinds answered by choosing options (the rest: a point on the image). */
export const isOptionKind = (kind: QuestionKind): boolean => kind !== 'MARK_LESION';
/** Kinds that choose exactly one option. */
export const isSingleChoice = (kind: QuestionKind): boolean => kind === 'SINGLE' || kind === 'CASE_CATEGORY' || kind === 'CASE_DECISION';
/** Kinds that show a picture. */
export const hasImage = (kind: QuestionKind): boolean => kind === 'MARK_LESION' || kind.startsWith('CASE_');

/** Where the API serves a de-identified teaching-case image. */
export const teachingCaseUrl = (teachingCaseId: string): string => `/training-media/${teachingCaseId}`;

/** A de-identified ultrasound image usable in lessons and questions. */
export interface TeachingCase {
  id: string;
  /** Authenticated GET of the de-identified PNG. */
  mediaUrl: string;
  width: number;
  height: number;
  createdAt: string;
  /** Set when made from a follow-up case's pathology outcome. */
  confirmedDiagnosis: PathologyResult | null;
}

/** A follow-up case with a pathology result a trainer may turn into a teaching case (no patient identity). */
export interface ConfirmedOutcomeCase {
  followUpCaseId: string;
  institutionName: string;
  region: AnatomicalRegion;
  categorySystem: string | null;
  categoryValue: string | null;
  diagnosis: PathologyResult;
  teachingCaseId: string | null;
}
