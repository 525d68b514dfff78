import { Module } from '@nestjs/common';
import { CallsModule } from '../calls/calls.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { ImageFramesModule } from '../imaging/decode/image-frames.module.js';
import { ImagingModule } from '../imaging/imaging.module.js';
import { AttemptSweeper } from './exams/attempt-sweeper.service.js';
import { CertificatesController } from './certificates/certificates.controller.js';
import { CertificatesResolver } from './certificates/certificates.resolver.js';
import { CertificatesService } from './certificates/certificates.service.js';
import { CourseModuleResolver, CoursesResolver, LessonResolver } from './courses/courses.resolver.js';
import { CoursesService } from './courses/courses.service.js';
import { CourseCopyService } from './courses/course-copy.service.js';
import { CourseMaterial } from './courses/course-material.js';
import { CourseOutlineResolver } from './courses/course-outline.resolver.js';
import { CourseOutlineService } from './courses/course-outline.service.js';
import { QuestionBankResolver } from './exams/question-bank.resolver.js';
import { QuestionBankService } from './exams/question-bank.service.js';
import { EnrolmentImportService } from './enrolment/enrolment-import.service.js';
import { EnrolmentsController } from './enrolment/enrolments.controller.js';
import { EnrolmentsResolver } from './enrolment/enrolments.resolver.js';
import { StaffEnrolmentService } from './enrolment/staff-enrolment.service.js';
import { SelfEnrolmentService } from './enrolment/self-enrolment.service.js';
import { TrainingMandatesService } from './enrolment/training-mandates.service.js';
import { ExamResolver, ExamsResolver } from './exams/exams.resolver.js';
import { ExamsService } from './exams/exams.service.js';
import { LiveSessionsResolver } from './live-sessions/live-sessions.resolver.js';
import { LiveSessionsService } from './live-sessions/live-sessions.service.js';
import { RequirementsService } from './certificates/requirements.service.js';
import { TeachingCasesResolver } from './teaching-cases/teaching-cases.resolver.js';
import { TeachingCasesService } from './teaching-cases/teaching-cases.service.js';
import { GradebookController } from './gradebook/gradebook.controller.js';
import { GradebookService } from './gradebook/gradebook.service.js';
import { TrainingAccess } from './training-access.service.js';
import { TrainingMediaController } from './teaching-cases/training-media.controller.js';
import { SessionRecordingsController } from './live-sessions/session-recordings.controller.js';
import { SessionRecordingsService } from './live-sessions/session-recordings.service.js';
import { QuestionExportService } from './exams/question-files/question-export.service.js';
import { CertificateSealsController } from './certificates/seals/certificate-seals.controller.js';
import { CertificateSealsResolver } from './certificates/seals/certificate-seals.resolver.js';
import { CertificateSealsService } from './certificates/seals/certificate-seals.service.js';
import { QuestionFilesController } from './exams/question-files/question-files.controller.js';
import { QuestionImportService } from './exams/question-files/question-import.service.js';

/** Courses, question banks (and their GIFT/JSON files), timed exams, CSV enrolment, live sessions, certificates (with their issuers' seals) and teaching cases. */
@Module({
  imports: [ImagingModule, ImageFramesModule, CallsModule, IdentityModule],
  controllers: [EnrolmentsController, CertificateSealsController, CertificatesController, TrainingMediaController, GradebookController, SessionRecordingsController, QuestionFilesController],
  providers: [
    TrainingAccess,
    RequirementsService,
    CertificatesService,
    CertificateSealsService,
    CoursesService,
    CourseMaterial,
    CourseCopyService,
    GradebookService,
    CourseOutlineService,
    QuestionBankService,
    QuestionImportService,
    QuestionExportService,
    ExamsService,
    AttemptSweeper,
    EnrolmentImportService,
    StaffEnrolmentService,
    SelfEnrolmentService,
    TrainingMandatesService,
    LiveSessionsService,
    SessionRecordingsService,
    TeachingCasesService,
    CoursesResolver,
    CourseModuleResolver,
    CourseOutlineResolver,
    QuestionBankResolver,
    LessonResolver,
    ExamsResolver,
    ExamResolver,
    CertificatesResolver,
    CertificateSealsResolver,
    EnrolmentsResolver,
    LiveSessionsResolver,
    TeachingCasesResolver,
  ],
})
export class TrainingModule {}
