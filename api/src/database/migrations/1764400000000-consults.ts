import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Consult requests, referral partnerships, transition history, structured reports, agreement with the AI, messages. */
export class Consults1764400000000 implements MigrationInterface {
  name = 'Consults1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE institution_partnership (
        from_institution_id uuid NOT NULL REFERENCES institution(id),
        to_institution_id uuid NOT NULL REFERENCES institution(id),
        priority smallint NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (from_institution_id, to_institution_id),
        CHECK (from_institution_id <> to_institution_id)
      );

      CREATE TABLE consult (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        study_id uuid NOT NULL REFERENCES study(id),
        patient_id uuid NOT NULL REFERENCES patient(id),
        region varchar(32) NOT NULL,
        requesting_institution_id uuid NOT NULL REFERENCES institution(id),
        requested_by uuid NOT NULL REFERENCES app_user(id),
        clinical_question varchar(2000) NOT NULL,
        urgency varchar(16) NOT NULL CHECK (urgency IN ('ROUTINE','URGENT','EMERGENCY')),
        urgency_rank smallint NOT NULL,
        ai_risk real,
        target_institution_id uuid REFERENCES institution(id),
        preferred_specialist_id uuid REFERENCES app_user(id),
        status varchar(16) NOT NULL CHECK (status IN ('REQUESTED','OFFERED','CLAIMED','IN_REVIEW','REPORTED','SIGNED','AMENDED','CANCELLED','EXPIRED')),
        claimed_by uuid REFERENCES app_user(id),
        escalations smallint NOT NULL DEFAULT 0,
        -- Milliseconds, as JavaScript dates carry them: the worklist cursor round-trips exactly.
        requested_at timestamptz(3) NOT NULL DEFAULT now(),
        offered_at timestamptz,
        claimed_at timestamptz,
        signed_at timestamptz,
        closed_at timestamptz,
        -- Turnaround, fixed at the first signature, for analytics.
        request_to_claim_seconds integer,
        claim_to_sign_seconds integer,
        version integer NOT NULL DEFAULT 1
      );
      -- The worklist: open consults of one hospital, most urgent and riskiest first, oldest first, as a
      -- keyset. Partial, so it stays small however many signed consults accumulate.
      CREATE INDEX consult_worklist_idx ON consult
        (target_institution_id, urgency_rank DESC, (coalesce(ai_risk, -1)) DESC, requested_at, id)
        WHERE status IN ('OFFERED','CLAIMED','IN_REVIEW');
      CREATE INDEX consult_requesting_idx ON consult (requesting_institution_id, requested_at DESC);
      CREATE INDEX consult_study_idx ON consult (study_id);
      CREATE INDEX consult_offered_idx ON consult (offered_at) WHERE status = 'OFFERED';

      CREATE TABLE consult_event (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        consult_id uuid NOT NULL REFERENCES consult(id),
        event varchar(16) NOT NULL,
        from_status varchar(16),
        to_status varchar(16) NOT NULL,
        actor_user_id uuid,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX consult_event_consult_idx ON consult_event (consult_id, id);

      -- A specialist's structured report. Versions: an amendment is a new version; a signed one never changes.
      CREATE TABLE consult_report (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        consult_id uuid NOT NULL REFERENCES consult(id),
        version integer NOT NULL,
        author_id uuid NOT NULL REFERENCES app_user(id),
        status varchar(8) NOT NULL CHECK (status IN ('DRAFT','SIGNED')),
        findings varchar(5000) NOT NULL DEFAULT '',
        impression varchar(2000) NOT NULL DEFAULT '',
        recommendation varchar(32) CHECK (recommendation IN ('ROUTINE_FOLLOW_UP','SHORT_INTERVAL_FOLLOW_UP','BIOPSY','REFER')),
        follow_up_months smallint,
        category_system varchar(16),
        category_value varchar(8),
        lesion_assessments jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        signed_at timestamptz,
        content_hash char(64),
        pdf_sha256 char(64) REFERENCES stored_blob(sha256),
        UNIQUE (consult_id, version),
        CHECK (status = 'DRAFT' OR (content_hash IS NOT NULL AND pdf_sha256 IS NOT NULL AND signed_at IS NOT NULL))
      );
      CREATE FUNCTION consult_report_signed_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'SIGNED' THEN
          RAISE EXCEPTION 'a signed report cannot change: amend it (a new version)' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END;
      $$;
      CREATE TRIGGER consult_report_final BEFORE UPDATE OR DELETE ON consult_report
        FOR EACH ROW EXECUTE FUNCTION consult_report_signed_is_final();

      -- Specialist vs AI, per lesion, from each signed report: the model-monitoring record.
      CREATE TABLE lesion_agreement (
        report_id uuid NOT NULL REFERENCES consult_report(id),
        lesion_id uuid NOT NULL REFERENCES lesion(id),
        model_version_id uuid REFERENCES model_version(id),
        region varchar(32) NOT NULL,
        agreement varchar(8) NOT NULL CHECK (agreement IN ('AGREE','PARTLY','DISAGREE')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (report_id, lesion_id)
      );
      CREATE INDEX lesion_agreement_model_idx ON lesion_agreement (model_version_id, created_at);

      CREATE TABLE consult_message (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        consult_id uuid NOT NULL REFERENCES consult(id),
        author_id uuid NOT NULL REFERENCES app_user(id),
        body varchar(4000) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX consult_message_consult_idx ON consult_message (consult_id, created_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE consult_message; DROP TABLE lesion_agreement; DROP TABLE consult_report;
      DROP FUNCTION consult_report_signed_is_final();
      DROP TABLE consult_event; DROP TABLE consult; DROP TABLE institution_partnership;
    `);
  }
}
