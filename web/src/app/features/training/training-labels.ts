import type { MessageKey } from '../../core/i18n/messages/en';
import type { AttemptStatus, CertificateStatus, EnrolmentStatus, LessonKind, QuestionKind } from './training.models';

/** Message keys for the training enums, so templates stay type-checked. */
export const lessonKindLabel = (kind: LessonKind): MessageKey => `training.lessonKind.${kind}`;
export const questionKindLabel = (kind: QuestionKind): MessageKey => `training.questionKind.${kind}`;
export const attemptStatusLabel = (status: AttemptStatus): MessageKey => `training.attemptStatus.${status}`;
export const enrolmentStatusLabel = (status: EnrolmentStatus): MessageKey => `training.enrolmentStatus.${status}`;
export const certificateStatusLabel = (status: CertificateStatus): MessageKey => `training.certificateStatus.${status}`;
