import type { Routes } from '@angular/router';
import { roleGuard } from '../../core/auth/guards';

/**
 * Training screens under /training (the live room at /training/live/:sessionId belongs to features/live). The
 * catalogue and a course are everyone's, as `training.take` is: township doctors and specialists are trained
 * too; the API decides what each may see and do there.
 */
export const TRAINING_ROUTES: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: 'nav.training',
    loadComponent: () => import('./catalogue/catalogue-page').then((m) => m.CataloguePage),
  },
  {
    path: 'certificates',
    title: 'nav.certificates',
    loadComponent: () => import('./certificates/certificates-page').then((m) => m.CertificatesPage),
  },
  {
    path: 'courses/new',
    title: 'training.editor.newTitle',
    canActivate: [roleGuard('TRAINER')],
    loadComponent: () => import('./authoring/course-editor-page').then((m) => m.CourseEditorPage),
  },
  {
    path: 'courses/:id',
    title: 'training.course.pageTitle',
    loadComponent: () => import('./course/course-page').then((m) => m.CoursePage),
  },
  {
    path: 'courses/:id/edit',
    title: 'training.editor.title',
    canActivate: [roleGuard('TRAINER')],
    loadComponent: () => import('./authoring/course-editor-page').then((m) => m.CourseEditorPage),
  },
  {
    path: 'courses/:id/report',
    title: 'training.report.title',
    canActivate: [roleGuard('TRAINER', 'ADMIN')],
    loadComponent: () => import('./report/course-report-page').then((m) => m.CourseReportPage),
  },
  {
    path: 'courses/:id/enrol',
    title: 'training.enrol.title',
    canActivate: [roleGuard('ADMIN', 'TRAINER')],
    loadComponent: () => import('./enrolment/enrolment-page').then((m) => m.EnrolmentPage),
  },
  {
    path: 'attempts/:id',
    title: 'training.exam.pageTitle',
    loadComponent: () => import('./exam/exam-page').then((m) => m.ExamPage),
  },
];
