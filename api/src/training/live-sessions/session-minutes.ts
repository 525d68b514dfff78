import { roomKey } from '../../../../media/src/protocol/join-token.js';
import type { AttendanceService } from '../../calls/attendance.service.js';
import type { LiveSession } from './live-session.entity.js';

/** Sessions overrun; past the scheduled end plus this, a connection left open (its leave lost) stops counting. */
const OVERRUN_ALLOWANCE_MINUTES = 60;

/** Whole minutes a user attended a live session, from the media service's reports of its room. */
export async function sessionMinutes(attendance: AttendanceService, session: Pick<LiveSession, 'id' | 'startsAt' | 'durationMinutes'>, userId: string): Promise<number> {
  const until = new Date(new Date(session.startsAt).getTime() + (session.durationMinutes + OVERRUN_ALLOWANCE_MINUTES) * 60_000);
  return (await attendance.minutesByUser(roomKey('training', session.id), [userId], until)).get(userId) ?? 0;
}
