import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Emergency access: a clinician's time-limited grant to one patient outside their scope, with the stated reason. */
export class BreakGlass1765410000000 implements MigrationInterface {
  name = 'BreakGlass1765410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE break_glass_grant (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id),
        patient_id uuid NOT NULL REFERENCES patient(id),
        -- The patient's institution, whose admins review the grant.
        institution_id uuid NOT NULL REFERENCES institution(id),
        reason varchar(500) NOT NULL CHECK (length(reason) >= 10),
        granted_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        CHECK (expires_at > granted_at)
      );
      CREATE INDEX break_glass_grant_user_idx ON break_glass_grant (user_id, patient_id, expires_at);
      CREATE INDEX break_glass_grant_institution_idx ON break_glass_grant (institution_id, granted_at DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE break_glass_grant');
  }
}
