import { roomKey } from '#contracts/protocol/join-token.js';
import type { AttendanceService } from '../../calls/attendance.service.js';
import type { LiveSession } from './live-session.entity.js';

/** Sessions overrun; past the scheduled end plus this, a connection left open (its leave lost) stops counting. */
const OVERRUN_ALLOWANCE_MINUTES = 60;

/** Whole minutes a user attended these live sessions together, from the media service's reports of their rooms. */
export function sessionMinutes(attendance: AttendanceService, sessions: ReadonlyArray<Pick<LiveSession, 'id' | 'startsAt' | 'durationMinutes'>>, userId: string): Promise<number> {
  return attendance.minutesAcross(
    userId,
    sessions.map((session) => ({
      room: roomKey('training', session.id),
      until: new Date(new Date(session.startsAt).getTime() + (session.durationMinutes + OVERRUN_ALLOWANCE_MINUTES) * 60_000),
    })),
  );
}
