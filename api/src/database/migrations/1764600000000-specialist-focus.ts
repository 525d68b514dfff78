import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The anatomical regions each specialist reads: consults of those regions are routed to them. */
export class SpecialistFocus1764600000000 implements MigrationInterface {
  name = 'SpecialistFocus1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE specialist_focus (
        user_id uuid NOT NULL REFERENCES app_user(id),
        region varchar(32) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, region)
      );
      CREATE INDEX consult_preferred_specialist_idx ON consult (preferred_specialist_id) WHERE preferred_specialist_id IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX consult_preferred_specialist_idx; DROP TABLE specialist_focus');
  }
}
