import { registerEnumType } from '@nestjs/graphql';

export enum LessonKind {
  TEXT = 'TEXT',
  IMAGE = 'IMAGE',
  VIDEO = 'VIDEO',
  /** A de-identified ultrasound teaching case. */
  CASE = 'CASE',
}
registerEnumType(LessonKind, { name: 'LessonKind' });

export enum QuestionKind {
  SINGLE = 'SINGLE',
  MULTIPLE = 'MULTIPLE',
  /** The trainee marks the lesion on the image: a point inside the key's box is correct. */
  MARK_LESION = 'MARK_LESION',
  CASE_CATEGORY = 'CASE_CATEGORY',
  CASE_DECISION = 'CASE_DECISION',
}
registerEnumType(QuestionKind, { name: 'QuestionKind' });

/** A question row is one version: the bank draws CURRENT ones; edits leave SUPERSEDED ones for the attempts that used them. */
export enum QuestionState {
  CURRENT = 'CURRENT',
  SUPERSEDED = 'SUPERSEDED',
  /** Deleted by the trainer after attempts used it: kept for those attempts, never drawn again. */
  RETIRED = 'RETIRED',
}
registerEnumType(QuestionState, { name: 'QuestionState' });

export enum EnrolmentStatus {
  ENROLLED = 'ENROLLED',
  COMPLETED = 'COMPLETED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(EnrolmentStatus, { name: 'EnrolmentStatus' });

export enum AttemptStatus {
  IN_PROGRESS = 'IN_PROGRESS',
  SUBMITTED = 'SUBMITTED',
  /** Closed by the server at the time limit, graded on the answers saved by then. */
  EXPIRED = 'EXPIRED',
}
registerEnumType(AttemptStatus, { name: 'AttemptStatus' });

export enum CertificateStatus {
  VALID = 'VALID',
  EXPIRED = 'EXPIRED',
  REVOKED = 'REVOKED',
}
registerEnumType(CertificateStatus, { name: 'CertificateStatus' });

/** When a trainee sees the correct answers and the explanations of a closed attempt. */
export enum ReviewAfter {
  /** As soon as the attempt is submitted or its time runs out. */
  SUBMISSION = 'SUBMISSION',
  /** Only once the exam has closed (its `closesAt`), so that trainees still sitting it cannot be told the answers. */
  CLOSE = 'CLOSE',
}
registerEnumType(ReviewAfter, { name: 'ReviewAfter' });
