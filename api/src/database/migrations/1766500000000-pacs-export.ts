import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Results back to the hospital's PACS: one destination (AE title, host, port) or more per institution, and
 * an outbox with one row per result and destination, so a PACS that is down leaves the result queued, never lost.
 */
export class PacsExport1766500000000 implements MigrationInterface {
  name = 'PacsExport1766500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE pacs_destination (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        institution_id uuid NOT NULL REFERENCES institution(id),
        label varchar(200) NOT NULL,
        ae_title varchar(16) NOT NULL,
        host varchar(255) NOT NULL,
        port integer NOT NULL CHECK (port BETWEEN 1 AND 65535),
        active boolean NOT NULL DEFAULT true,
        created_by uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        -- Results finished up to here have been queued for this destination (the outbox scan's watermark).
        scanned_until timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX pacs_destination_institution_idx ON pacs_destination (institution_id) WHERE active;

      CREATE TABLE pacs_send (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        destination_id uuid NOT NULL REFERENCES pacs_destination(id),
        institution_id uuid NOT NULL REFERENCES institution(id),
        study_id uuid NOT NULL REFERENCES study(id),
        kind varchar(16) NOT NULL CHECK (kind IN ('PRE_READ', 'REPORT')),
        source_id uuid NOT NULL,
        status varchar(8) NOT NULL DEFAULT 'QUEUED' CHECK (status IN ('QUEUED', 'SENT')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error varchar(500),
        sop_instance_uids jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        UNIQUE (destination_id, kind, source_id)
      );
      CREATE INDEX pacs_send_due_idx ON pacs_send (next_attempt_at) WHERE status = 'QUEUED';
      CREATE INDEX pacs_send_study_idx ON pacs_send (study_id);

      -- The outbox scan reads results finished in a short window.
      CREATE INDEX pre_read_done_idx ON pre_read (completed_at) WHERE status = 'DONE';
      CREATE INDEX consult_report_signed_idx ON consult_report (signed_at) WHERE status = 'SIGNED';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX consult_report_signed_idx; DROP INDEX pre_read_done_idx; DROP TABLE pacs_send; DROP TABLE pacs_destination;`);
  }
}
