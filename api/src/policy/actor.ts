import type { Role } from '../identity/role.js';

/** The signed-in person a request acts for, with the roles they hold right now. */
export interface Actor {
  userId: string;
  username: string;
  sessionId: string;
  /** Set after an admin reset or account creation: only changing the password is allowed until then. */
  mustChangePassword?: boolean;
  roles: ReadonlyArray<{ role: Role; institutionId: string }>;
}
