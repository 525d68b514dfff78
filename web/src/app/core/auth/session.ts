import type { Role } from '../models/role';
import type { User } from '../models/user';

export interface Session {
  user: User;
  accessToken: string;
  /** Epoch milliseconds. */
  accessTokenExpiresAt: number;
}

/** Why the person is back at the sign-in page; shown there as a notice. */
export type SessionEndReason = 'signed-out' | 'idle' | 'expired';

/** Refresh failures after which the stored session is useless. */
export const SESSION_ENDING_CODES: ReadonlySet<string> = new Set([
  'SESSION_REVOKED',
  'SESSION_EXPIRED',
  'TOKEN_INVALID',
  'TOKEN_EXPIRED',
  'UNAUTHENTICATED',
  'ACCOUNT_DEACTIVATED',
]);

/** Where a person whose password was set by an administrator must go first (see PASSWORD_CHANGE_REQUIRED). */
export const CHANGE_PASSWORD_PATH = '/change-password';
export const PASSWORD_CHANGE_REQUIRED = 'PASSWORD_CHANGE_REQUIRED';

export const hasRole = (user: User | null, role: Role): boolean => user?.roles.some((r) => r.role === role) ?? false;
