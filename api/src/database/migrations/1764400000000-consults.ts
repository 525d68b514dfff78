import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Consult requests, referral partnerships and the history of every consult's transitions. */
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
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE consult_event; DROP TABLE consult; DROP TABLE institution_partnership;`);
  }
}
