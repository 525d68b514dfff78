import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { MediaEvent } from '#contracts/protocol/media-events.js';
import { isUuid } from '../common/uuid.js';

/**
 * Who was in which media room and for how long, from the media service's own join/leave reports (not from
 * what browsers claim). Deliveries are retried, so recording is idempotent per peer and order-independent.
 */
@Injectable()
export class AttendanceService {
  private readonly logger = new Logger(AttendanceService.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(events: readonly MediaEvent[]): Promise<void> {
    // One row per peer: merged here first, because one statement cannot update the same row twice.
    const peers = new Map<string, { room: string; userId: string; joined: string | null; left: string | null; reason: string | null }>();
    for (const event of events) {
      if (!isUuid(event.userId) || typeof event.peerId !== 'string' || !event.peerId || !Number.isFinite(Date.parse(event.at))) {
        this.logger.warn(`ignored malformed media event ${JSON.stringify(event).slice(0, 200)}`);
        continue;
      }
      const peer = peers.get(event.peerId) ?? { room: event.room, userId: event.userId, joined: null, left: null, reason: null };
      if (event.type === 'joined') peer.joined ??= event.at;
      if (event.type === 'left') peer.left ??= event.at;
      peer.reason ??= event.reason ?? null;
      peers.set(event.peerId, peer);
    }
    if (peers.size === 0) return;
    const rows = [...peers.entries()];
    // The first report of a peer fixes each end; a repeated one changes nothing. One round trip per delivery.
    await this.dataSource.query(
      `INSERT INTO media_attendance (peer_id, room, user_id, joined_at, left_at, left_reason)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::uuid[], $4::timestamptz[], $5::timestamptz[], $6::varchar[])
       ON CONFLICT (peer_id) DO UPDATE SET
         joined_at = COALESCE(media_attendance.joined_at, EXCLUDED.joined_at),
         left_at = COALESCE(media_attendance.left_at, EXCLUDED.left_at),
         left_reason = COALESCE(media_attendance.left_reason, EXCLUDED.left_reason)`,
      [
        rows.map(([peerId]) => peerId),
        rows.map(([, p]) => p.room),
        rows.map(([, p]) => p.userId),
        rows.map(([, p]) => p.joined),
        rows.map(([, p]) => p.left),
        rows.map(([, p]) => p.reason),
      ],
    );
  }

  /**
   * Whole minutes each user spent in the room: the union of their connections, so two tabs or a reconnect
   * that overlaps the old connection count once. A connection still open counts until now, but never past
   * `until` (a session's end): a leave lost with a crashed media host must not keep counting for ever.
   */
  async minutesByUser(room: string, userIds: readonly string[], until: Date | null = null): Promise<Map<string, number>> {
    const minutes = new Map(userIds.map((id) => [id, 0]));
    if (userIds.length === 0) return minutes;
    for (const row of await this.attendedSeconds([{ room, until }], userIds)) minutes.set(row.user_id, Math.floor(row.seconds / 60));
    return minutes;
  }

  /** Whole minutes one user spent across several rooms (a course's live sessions), each bounded as above; one query. */
  async minutesAcross(userId: string, rooms: ReadonlyArray<{ room: string; until: Date | null }>): Promise<number> {
    if (rooms.length === 0) return 0;
    const rows = await this.attendedSeconds(rooms, [userId]);
    return rows.reduce((sum, row) => sum + Math.floor(row.seconds / 60), 0);
  }

  /** Seconds per room and user: each user's connections in a room merged into stretches, clipped at the room's bound. */
  private async attendedSeconds(rooms: ReadonlyArray<{ room: string; until: Date | null }>, userIds: readonly string[]): Promise<Array<{ user_id: string; seconds: number }>> {
    const rows: Array<{ user_id: string; seconds: string | number }> = await this.dataSource.query(
      `WITH spans AS (
         SELECT m.room, m.user_id, m.joined_at AS s, LEAST(COALESCE(m.left_at, now()), COALESCE(r.until, 'infinity')) AS e
         FROM unnest($1::varchar[], $2::timestamptz[]) AS r(room, until)
         JOIN media_attendance m ON m.room = r.room
         WHERE m.user_id = ANY($3::uuid[]) AND m.joined_at IS NOT NULL
       ), starts AS (
         -- A span starts a new stretch unless an earlier one of the same user in the room is still running when it begins.
         SELECT room, user_id, s, e,
                CASE WHEN s <= MAX(e) OVER (PARTITION BY room, user_id ORDER BY s, e ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) THEN 0 ELSE 1 END AS fresh
         FROM spans WHERE e > s
       ), stretches AS (
         SELECT room, user_id, s, e, SUM(fresh) OVER (PARTITION BY room, user_id ORDER BY s, e) AS stretch FROM starts
       )
       SELECT room, user_id, SUM(seconds) AS seconds
       FROM (SELECT room, user_id, EXTRACT(EPOCH FROM (MAX(e) - MIN(s))) AS seconds FROM stretches GROUP BY room, user_id, stretch) AS merged
       GROUP BY room, user_id`,
      [rooms.map((r) => r.room), rooms.map((r) => r.until), userIds],
    );
    return rows.map((row) => ({ user_id: row.user_id, seconds: Number(row.seconds) }));
  }

  /** The span of a room's call: first join to last leave (or now), and who took part. */
  async callSummary(room: string): Promise<{ startedAt: Date | null; endedAt: Date | null; participants: number }> {
    const [row]: Array<{ started: Date | null; ended: Date | null; open: number | string; participants: number | string }> = await this.dataSource.query(
      `SELECT MIN(joined_at) AS started, MAX(left_at) AS ended, COUNT(*) FILTER (WHERE left_at IS NULL) AS open,
              COUNT(DISTINCT user_id) AS participants
       FROM media_attendance WHERE room = $1`,
      [room],
    );
    return {
      startedAt: row.started ? new Date(row.started) : null,
      endedAt: Number(row.open) > 0 || !row.ended ? null : new Date(row.ended),
      participants: Number(row.participants),
    };
  }
}
