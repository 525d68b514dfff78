import type { AppConfig } from '../config/config.js';
import { Role } from './role.js';

/** Roles at a patient's side: an unattended clinical workstation is what the short idle timeout is for. */
const CLINICAL: ReadonlySet<Role> = new Set([Role.TOWNSHIP_DOCTOR, Role.SPECIALIST]);

export type SessionLimits = Pick<AppConfig, 'sessionIdleMinutesClinical' | 'sessionIdleMinutes' | 'sessionMaxHours'>;

/** Whether an open session has outlived its absolute lifetime or sat unused past its holder's idle timeout. */
export function sessionExpired(
  limits: SessionLimits,
  session: { createdAt: Date; lastUsedAt: Date },
  roles: ReadonlyArray<{ role: Role }>,
  now = Date.now(),
): boolean {
  if (now - session.createdAt.getTime() > limits.sessionMaxHours * 3_600_000) return true;
  const idleMinutes = roles.some((r) => CLINICAL.has(r.role)) ? limits.sessionIdleMinutesClinical : limits.sessionIdleMinutes;
  return now - session.lastUsedAt.getTime() > idleMinutes * 60_000;
}
