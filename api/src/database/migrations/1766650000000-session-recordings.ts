import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Recordings of live training sessions: the WebM in the blob store, and the stretches FFmpeg lost (gaps). */
export class SessionRecordings1766650000000 implements MigrationInterface {
  name = 'SessionRecordings1766650000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE session_recording (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        live_session_id uuid NOT NULL REFERENCES live_session(id),
        blob_sha256 varchar(64) NOT NULL,
        byte_size bigint NOT NULL,
        started_at timestamptz NOT NULL,
        stopped_at timestamptz NOT NULL,
        gaps jsonb NOT NULL DEFAULT '[]',
        recorded_by uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX session_recording_session_idx ON session_recording (live_session_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE session_recording;`);
  }
}
