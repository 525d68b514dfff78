import { AuditEvent } from '../audit/audit-event.entity.js';
import { AuthSession } from '../identity/auth-session.entity.js';
import { Institution } from '../identity/institution.entity.js';
import { RetiredRefreshToken } from '../identity/retired-refresh-token.entity.js';
import { RoleAssignment } from '../identity/role-assignment.entity.js';
import { User } from '../identity/user.entity.js';

/** Every entity the data source maps; each domain module adds its own here. */
export const ENTITIES = [Institution, User, RoleAssignment, AuthSession, RetiredRefreshToken, AuditEvent];
