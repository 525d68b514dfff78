import { Module } from '@nestjs/common';
import { CallsModule } from '../calls/calls.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { ImagingModule } from '../imaging/imaging.module.js';
import { AttemptSweeper } from './attempt-sweeper.service.js';
import { CertificatesController } from './certificates.controller.js';
import { CertificatesResolver } from './certificates.resolver.js';
import { CertificatesService } from './certificates.service.js';
import { CourseModuleResolver, CoursesResolver, LessonResolver } from './courses.resolver.js';
import { CoursesService } from './courses.service.js';
import { EnrolmentImportService } from './enrolment-import.service.js';
import { EnrolmentsController } from './enrolments.controller.js';
import { EnrolmentsResolver } from './enrolments.resolver.js';
import { ExamResolver, ExamsResolver } from './exams.resolver.js';
import { ExamsService } from './exams.service.js';
import { LiveSessionsResolver } from './live-sessions.resolver.js';
import { LiveSessionsService } from './live-sessions.service.js';
import { RequirementsService } from './requirements.service.js';
import { TeachingCasesResolver } from './teaching-cases.resolver.js';
import { TeachingCasesService } from './teaching-cases.service.js';
import { TrainingAccess } from './training-access.service.js';
import { TrainingMediaController } from './training-media.controller.js';

/** Courses, question banks, timed exams, CSV enrolment, live sessions, certificates and teaching cases. */
@Module({
  imports: [ImagingModule, CallsModule, IdentityModule],
  controllers: [EnrolmentsController, CertificatesController, TrainingMediaController],
  providers: [
    TrainingAccess,
    RequirementsService,
    CertificatesService,
    CoursesService,
    ExamsService,
    AttemptSweeper,
    EnrolmentImportService,
    LiveSessionsService,
    TeachingCasesService,
    CoursesResolver,
    CourseModuleResolver,
    LessonResolver,
    ExamsResolver,
    ExamResolver,
    CertificatesResolver,
    EnrolmentsResolver,
    LiveSessionsResolver,
    TeachingCasesResolver,
  ],
})
export class TrainingModule {}
