import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Follow-up of suspicious findings: one case per study with what is due, by when and where, its outcome and
 * escalation; the lesions it is about with their pathology (the ground truth of model monitoring).
 */
export class FollowUp1766200000000 implements MigrationInterface {
  name = 'FollowUp1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE follow_up_case (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        study_id uuid NOT NULL UNIQUE REFERENCES study(id),
        patient_id uuid NOT NULL REFERENCES patient(id),
        institution_id uuid NOT NULL REFERENCES institution(id),
        region varchar(32) NOT NULL,
        source varchar(16) NOT NULL CHECK (source IN ('AI_PRE_READ','SIGNED_REPORT')),
        pre_read_id uuid REFERENCES pre_read(id),
        report_id uuid REFERENCES consult_report(id),
        category_system varchar(16),
        category_value varchar(8),
        action varchar(24) NOT NULL CHECK (action IN ('BIOPSY_REFERRAL','FNA','REPEAT_ULTRASOUND')),
        interval_months smallint,
        due_at timestamptz NOT NULL,
        status varchar(8) NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN','CLOSED')),
        escalated_at timestamptz,
        outcome varchar(24) CHECK (outcome IN ('DONE','DECLINED','MOVED_AWAY','LOST_TO_FOLLOW_UP')),
        outcome_reason varchar(500),
        outcome_note varchar(2000),
        outcome_on date,
        outcome_by uuid REFERENCES app_user(id),
        closed_at timestamptz,
        opened_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT follow_up_closed_with_outcome CHECK ((status = 'CLOSED') = (outcome IS NOT NULL AND closed_at IS NOT NULL)),
        CONSTRAINT follow_up_lost_with_reason CHECK (outcome IS DISTINCT FROM 'LOST_TO_FOLLOW_UP' OR coalesce(length(trim(outcome_reason)), 0) > 0)
      );
      -- The institution's due and overdue lists, in due order; the sweeper's overdue, not yet escalated cases.
      CREATE INDEX follow_up_due_idx ON follow_up_case (institution_id, due_at, id) WHERE status = 'OPEN';
      CREATE INDEX follow_up_escalation_idx ON follow_up_case (due_at) WHERE status = 'OPEN' AND escalated_at IS NULL;
      CREATE INDEX follow_up_escalated_idx ON follow_up_case (institution_id, escalated_at, id) WHERE status = 'OPEN' AND escalated_at IS NOT NULL;
      CREATE INDEX follow_up_patient_idx ON follow_up_case (patient_id);

      CREATE TABLE follow_up_lesion (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES follow_up_case(id) ON DELETE CASCADE,
        lesion_id uuid,
        image_id uuid REFERENCES study_image(id),
        model_version_id uuid REFERENCES model_version(id),
        added boolean NOT NULL DEFAULT false,
        category varchar(8),
        pathology varchar(12) CHECK (pathology IN ('BENIGN','MALIGNANT','OTHER')),
        pathology_at timestamptz,
        CONSTRAINT follow_up_pathology_dated CHECK ((pathology IS NULL) = (pathology_at IS NULL))
      );
      CREATE UNIQUE INDEX follow_up_lesion_key ON follow_up_lesion (case_id, lesion_id) WHERE lesion_id IS NOT NULL;
      CREATE UNIQUE INDEX follow_up_lesion_whole_study ON follow_up_lesion (case_id) WHERE lesion_id IS NULL;
      CREATE INDEX follow_up_lesion_lesion_idx ON follow_up_lesion (lesion_id);
      CREATE INDEX follow_up_pathology_idx ON follow_up_lesion (model_version_id) WHERE pathology IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE follow_up_lesion; DROP TABLE follow_up_case;`);
  }
}
