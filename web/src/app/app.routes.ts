import type { Routes } from '@angular/router';
import { passwordChangedGuard, roleGuard, signedInGuard, signedOutGuard } from './core/auth/guards';
import { Shell } from './layout/shell';

export const routes: Routes = [
  {
    path: 'sign-in',
    canMatch: [signedOutGuard],
    title: 'signIn.title',
    loadComponent: () => import('./features/sign-in/sign-in-page').then((m) => m.SignInPage),
  },
  // Public: anyone checks a certificate, signed in or not.
  { path: 'verify', title: 'verify.title', loadComponent: () => import('./features/verify/verify-page').then((m) => m.VerifyPage) },
  { path: 'verify/:code', title: 'verify.title', loadComponent: () => import('./features/verify/verify-page').then((m) => m.VerifyPage) },
  {
    path: '',
    canMatch: [signedInGuard],
    component: Shell,
    canActivateChild: [passwordChangedGuard],
    children: [
      { path: '', pathMatch: 'full', title: 'nav.home', loadComponent: () => import('./features/home/home-page').then((m) => m.HomePage) },
      {
        path: 'change-password',
        title: 'changePassword.title',
        loadComponent: () => import('./features/change-password/change-password-page').then((m) => m.ChangePasswordPage),
      },
      {
        path: 'institutions',
        title: 'nav.institutions',
        canActivate: [roleGuard('ADMIN')],
        loadComponent: () => import('./features/institutions/institutions-page').then((m) => m.InstitutionsPage),
      },
      // The devices page and the PACS page became one (bookmarks of the old address still land there).
      { path: 'dicom-devices', redirectTo: 'pacs' },
      {
        path: 'users',
        title: 'nav.users',
        canActivate: [roleGuard('ADMIN')],
        loadComponent: () => import('./features/users/users-page').then((m) => m.UsersPage),
      },
      {
        path: 'patients',
        title: 'nav.patients',
        canActivate: [roleGuard('TOWNSHIP_DOCTOR', 'SPECIALIST')],
        loadComponent: () => import('./features/patients/patients-page').then((m) => m.PatientsPage),
      },
      {
        path: 'patients/:id',
        title: 'patient.pageTitle',
        canActivate: [roleGuard('TOWNSHIP_DOCTOR', 'SPECIALIST')],
        loadComponent: () => import('./features/patients/patient-page').then((m) => m.PatientPage),
      },
      {
        path: 'studies/:id',
        title: 'study.pageTitle',
        canActivate: [roleGuard('TOWNSHIP_DOCTOR', 'SPECIALIST')],
        loadComponent: () => import('./features/studies/study-page').then((m) => m.StudyPage),
      },
      {
        path: 'scanner-inbox',
        title: 'scannerInbox.title',
        canActivate: [roleGuard('TOWNSHIP_DOCTOR')],
        loadComponent: () => import('./features/scanner-inbox/scanner-inbox-page').then((m) => m.ScannerInboxPage),
      },
      {
        path: 'worklist',
        title: 'nav.worklist',
        canActivate: [roleGuard('SPECIALIST')],
        loadComponent: () => import('./features/consults/worklist-page').then((m) => m.WorklistPage),
      },
      {
        path: 'consults',
        title: 'nav.consults',
        canActivate: [roleGuard('TOWNSHIP_DOCTOR', 'SPECIALIST')],
        loadComponent: () => import('./features/consults/my-consults-page').then((m) => m.MyConsultsPage),
      },
      {
        path: 'consults/:id',
        title: 'consult.pageTitle',
        canActivate: [roleGuard('TOWNSHIP_DOCTOR', 'SPECIALIST')],
        loadComponent: () => import('./features/consults/consult-page').then((m) => m.ConsultPage),
      },
      {
        path: 'follow-up',
        title: 'nav.followUp',
        canActivate: [roleGuard('TOWNSHIP_DOCTOR', 'SPECIALIST')],
        loadComponent: () => import('./features/follow-up/follow-up-page').then((m) => m.FollowUpPage),
      },
      {
        path: 'follow-up/escalations',
        title: 'nav.escalations',
        canActivate: [roleGuard('ADMIN')],
        loadComponent: () => import('./features/follow-up/escalations-page').then((m) => m.EscalationsPage),
      },
      {
        path: 'dashboard',
        title: 'nav.dashboard',
        canActivate: [roleGuard('ADMIN', 'TOWNSHIP_DOCTOR', 'SPECIALIST', 'TRAINER')],
        loadComponent: () => import('./features/dashboard/dashboard-page').then((m) => m.DashboardPage),
      },
      {
        path: 'models/monitoring',
        title: 'nav.monitoring',
        canActivate: [roleGuard('ADMIN')],
        loadComponent: () => import('./features/models/monitoring-page').then((m) => m.MonitoringPage),
      },
      {
        path: 'models',
        title: 'nav.models',
        loadComponent: () => import('./features/models/models-page').then((m) => m.ModelsPage),
      },
      {
        // The API admits to a session (presenter, or enrolled trainee as viewer) and says why not otherwise.
        path: 'training/live/:sessionId',
        title: 'live.title',
        loadComponent: () => import('./features/live/live-room-page').then((m) => m.LiveRoomPage),
      },
      {
        path: 'training',
        loadChildren: () => import('./features/training/training.routes').then((m) => m.TRAINING_ROUTES),
      },
      {
        path: 'break-glass',
        title: 'breakGlass.review.title',
        canActivate: [roleGuard('ADMIN')],
        loadComponent: () => import('./features/break-glass/break-glass-review-page').then((m) => m.BreakGlassReviewPage),
      },
      {
        path: 'pacs',
        title: 'devices.title',
        canActivate: [roleGuard('ADMIN')],
        loadComponent: () => import('./features/dicom-devices/scanners-and-pacs-page').then((m) => m.ScannersAndPacsPage),
      },
      {
        path: 'audit',
        title: 'nav.audit',
        canActivate: [roleGuard('ADMIN')],
        loadComponent: () => import('./features/audit/audit-page').then((m) => m.AuditPage),
      },
    ],
  },
  { path: '**', redirectTo: '' },
];
