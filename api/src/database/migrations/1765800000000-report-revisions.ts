import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reports the specialist can trust: a revision per draft save (a stale save is refused), the lesions the
 * specialist adds where the AI found none, the preview that a signature must match byte for byte, BI-RADS 0-6,
 * agreement rows for AI false negatives, and each institution's time zone for printed times.
 */
export class ReportRevisions1765800000000 implements MigrationInterface {
  name = 'ReportRevisions1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE consult_report
        ADD COLUMN revision integer NOT NULL DEFAULT 0,
        ADD COLUMN added_lesions jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN preview_revision integer,
        ADD COLUMN preview_at timestamptz,
        ADD COLUMN preview_content_hash char(64),
        ADD COLUMN preview_pdf_sha256 char(64) REFERENCES stored_blob(sha256),
        ADD COLUMN language varchar(2);

      ALTER TABLE lesion_agreement
        DROP CONSTRAINT lesion_agreement_lesion_id_fkey,
        DROP CONSTRAINT lesion_agreement_agreement_check,
        ADD CONSTRAINT lesion_agreement_agreement_check CHECK (agreement IN ('AGREE','PARTLY','DISAGREE','MISSED')),
        ADD COLUMN image_id uuid REFERENCES study_image(id),
        ADD COLUMN category varchar(8);
      COMMENT ON COLUMN lesion_agreement.lesion_id IS 'An AI lesion, or for MISSED (AI false negative) the specialist''s added lesion in the report';

      ALTER TABLE institution ADD COLUMN time_zone varchar(64) NOT NULL DEFAULT 'Asia/Shanghai';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE institution DROP COLUMN time_zone;
      DELETE FROM lesion_agreement WHERE agreement = 'MISSED';
      ALTER TABLE lesion_agreement DROP COLUMN category, DROP COLUMN image_id,
        DROP CONSTRAINT lesion_agreement_agreement_check,
        ADD CONSTRAINT lesion_agreement_agreement_check CHECK (agreement IN ('AGREE','PARTLY','DISAGREE')),
        ADD CONSTRAINT lesion_agreement_lesion_id_fkey FOREIGN KEY (lesion_id) REFERENCES lesion(id);
      ALTER TABLE consult_report DROP COLUMN language, DROP COLUMN preview_pdf_sha256, DROP COLUMN preview_content_hash,
        DROP COLUMN preview_at, DROP COLUMN preview_revision, DROP COLUMN added_lesions, DROP COLUMN revision;
    `);
  }
}
