import { inject } from '@angular/core';
import { type CanActivateChildFn, type CanActivateFn, type CanMatchFn, Router } from '@angular/router';
import type { Role } from '../models/role';
import { AuthService } from './auth.service';
import { CHANGE_PASSWORD_PATH } from './session';

/** Signed-in screens: anyone else goes to the sign-in page, which brings them back here afterwards. */
export const signedInGuard: CanMatchFn = (_route, segments) => {
  if (inject(AuthService).signedIn()) return true;
  const path = segments.map((s) => s.path).join('/');
  return inject(Router).createUrlTree(['/sign-in'], path ? { queryParams: { returnUrl: `/${path}` } } : {});
};

/** Only paths inside this app, never another site ("//host" or "https:"). */
export const safeReturnUrl = (value: string | null | undefined): string =>
  value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/';

/** The sign-in page: someone already signed in goes home. */
export const signedOutGuard: CanMatchFn = () => !inject(AuthService).signedIn() || inject(Router).createUrlTree(['/']);

/** Screens for some roles (e.g. ADMIN); others go home. The API enforces the same rule on every call. */
export const roleGuard =
  (...roles: Role[]): CanActivateFn =>
  () => {
    const auth = inject(AuthService);
    return roles.some((role) => auth.hasRole(role)) || inject(Router).createUrlTree(['/']);
  };

/**
 * Signed-in screens while the password is a temporary one: only the change-password screen, which
 * continues to the screen the person asked for once the new password is set.
 */
export const passwordChangedGuard: CanActivateChildFn = (_route, state) => {
  if (!inject(AuthService).mustChangePassword() || state.url.startsWith(CHANGE_PASSWORD_PATH)) return true;
  return inject(Router).createUrlTree([CHANGE_PASSWORD_PATH], state.url !== '/' ? { queryParams: { returnUrl: state.url } } : {});
};
