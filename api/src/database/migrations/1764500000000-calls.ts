import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Attendance in media rooms (consult calls, live training sessions), from the media service's join/leave reports. */
export class Calls1764500000000 implements MigrationInterface {
  name = 'Calls1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE media_attendance (
        peer_id varchar(64) PRIMARY KEY,
        room varchar(80) NOT NULL,
        user_id uuid NOT NULL REFERENCES app_user(id),
        -- Either may arrive first when deliveries are retried, so both start empty.
        joined_at timestamptz,
        left_at timestamptz,
        left_reason varchar(32),
        CHECK (left_at IS NULL OR joined_at IS NULL OR left_at >= joined_at)
      );
      CREATE INDEX media_attendance_room_user_idx ON media_attendance (room, user_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE media_attendance');
  }
}
