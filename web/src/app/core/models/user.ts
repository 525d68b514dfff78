import type { Institution } from './institution';
import type { Role } from './role';

export interface RoleAssignment {
  role: Role;
  institutionId: string;
  institution: Pick<Institution, 'id' | 'name' | 'code'>;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  locale: string;
  active: boolean;
  lockedUntil: string | null;
  mustChangePassword: boolean;
  roles: RoleAssignment[];
}

export const USER_FIELDS =
  'id username displayName email phone locale active lockedUntil mustChangePassword roles { role institutionId institution { id name code } }';

export const isLocked = (user: Pick<User, 'lockedUntil'>, now = Date.now()): boolean =>
  user.lockedUntil !== null && new Date(user.lockedUntil).getTime() > now;
