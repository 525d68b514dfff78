import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Second factor: one TOTP authenticator per user and their one-time recovery codes (stored hashed). */
export class Mfa1765400000000 implements MigrationInterface {
  name = 'Mfa1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE user_mfa (
        user_id uuid PRIMARY KEY REFERENCES app_user(id),
        -- Base32 TOTP secret, alone in its column so it can be encrypted at rest without touching the rest.
        totp_secret text NOT NULL,
        confirmed_at timestamptz,
        -- The RFC 6238 time step of the last accepted code: that code and older ones are refused (replay).
        last_time_step bigint,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE mfa_recovery_code (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id),
        code_hash char(64) NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (user_id, code_hash)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE mfa_recovery_code; DROP TABLE user_mfa');
  }
}
