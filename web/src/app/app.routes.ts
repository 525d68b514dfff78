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
      {
        path: 'users',
        title: 'nav.users',
        canActivate: [roleGuard('ADMIN')],
        loadComponent: () => import('./features/users/users-page').then((m) => m.UsersPage),
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
