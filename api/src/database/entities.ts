import { Lesion } from '../ai/lesion.entity.js';
import { ModelVersion } from '../ai/model-version.entity.js';
import { PreRead } from '../ai/pre-read.entity.js';
import { AuditEvent } from '../audit/audit-event.entity.js';
import { BreakGlassGrant } from '../break-glass/break-glass-grant.entity.js';
import { Consult } from '../consults/consult.entity.js';
import { FollowUpCase } from '../follow-up/follow-up-case.entity.js';
import { FollowUpLesion } from '../follow-up/follow-up-lesion.entity.js';
import { ConsultEvent } from '../consults/consult-event.entity.js';
import { ConsultMessage } from '../consults/consult-message.entity.js';
import { ConsultReport } from '../consults/reports/consult-report.entity.js';
import { LesionAgreement } from '../consults/reports/lesion-agreement.entity.js';
import { Partnership } from '../consults/partnership.entity.js';
import { MediaAttendance } from '../calls/media-attendance.entity.js';
import { SpecialistFocus } from '../consults/routing/specialist-focus.entity.js';
import { AuthSession } from '../identity/auth-session.entity.js';
import { Institution } from '../identity/institution.entity.js';
import { MfaRecoveryCode } from '../identity/mfa/mfa-recovery-code.entity.js';
import { UserMfa } from '../identity/mfa/user-mfa.entity.js';
import { RetiredRefreshToken } from '../identity/retired-refresh-token.entity.js';
import { RoleAssignment } from '../identity/role-assignment.entity.js';
import { User } from '../identity/user.entity.js';
import { Study } from '../imaging/study.entity.js';
import { StudyImage } from '../imaging/study-image.entity.js';
import { Upload } from '../imaging/upload.entity.js';
import { DicomDevice } from '../imaging/dicom-network/dicom-device.entity.js';
import { DicomInstance } from '../imaging/dicom-network/dicom-instance.entity.js';
import { PacsDestination } from '../pacs/pacs-destination.entity.js';
import { PacsSend } from '../pacs/pacs-send.entity.js';
import { Consent } from '../patients/consent.entity.js';
import { Patient } from '../patients/patient.entity.js';
import { StoredBlob } from '../storage/stored-blob.entity.js';
import { Certificate } from '../training/certificates/certificate.entity.js';
import { Course } from '../training/courses/course.entity.js';
import { CourseModule } from '../training/courses/course-module.entity.js';
import { Enrolment } from '../training/enrolment/enrolment.entity.js';
import { EnrolmentReport } from '../training/enrolment/enrolment-report.entity.js';
import { Exam } from '../training/exams/exam.entity.js';
import { ExamAnswer } from '../training/exams/exam-answer.entity.js';
import { ExamAttempt } from '../training/exams/exam-attempt.entity.js';
import { Lesson } from '../training/courses/lesson.entity.js';
import { LessonCompletion } from '../training/courses/lesson-completion.entity.js';
import { LiveSession } from '../training/live-sessions/live-session.entity.js';
import { SessionRecording } from '../training/live-sessions/session-recording.entity.js';
import { Question } from '../training/exams/question.entity.js';
import { CertificateSeal } from '../training/certificates/seals/certificate-seal.entity.js';
import { TeachingCase } from '../training/teaching-cases/teaching-case.entity.js';

/** Every entity the data source maps; each domain module adds its own here. */
export const ENTITIES = [
  Institution,
  User,
  RoleAssignment,
  AuthSession,
  RetiredRefreshToken,
  AuditEvent,
  Patient,
  Consent,
  Study,
  StudyImage,
  StoredBlob,
  Upload,
  DicomDevice,
  DicomInstance,
  PacsDestination,
  PacsSend,
  ModelVersion,
  PreRead,
  Lesion,
  Partnership,
  Consult,
  ConsultEvent,
  ConsultReport,
  LesionAgreement,
  ConsultMessage,
  MediaAttendance,
  SpecialistFocus,
  Course,
  CourseModule,
  TeachingCase,
  CertificateSeal,
  Lesson,
  Question,
  Exam,
  Enrolment,
  LessonCompletion,
  ExamAttempt,
  ExamAnswer,
  LiveSession,
  SessionRecording,
  Certificate,
  EnrolmentReport,
  UserMfa,
  MfaRecoveryCode,
  FollowUpCase,
  FollowUpLesion,
  BreakGlassGrant,
];
