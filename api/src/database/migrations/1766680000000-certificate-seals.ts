import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An issuing institution's seal, set by its admins, printed on its certificates. A certificate keeps the seal
 * it was issued with (as it keeps its issuer and signer): replacing the seal changes no certificate issued.
 */
export class CertificateSeals1766680000000 implements MigrationInterface {
  name = 'CertificateSeals1766680000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE certificate_seal (
        institution_id uuid PRIMARY KEY REFERENCES institution(id),
        png_sha256 char(64) NOT NULL,
        width integer NOT NULL,
        height integer NOT NULL,
        set_by uuid NOT NULL REFERENCES app_user(id),
        set_at timestamptz NOT NULL DEFAULT now()
      );
      ALTER TABLE certificate ADD COLUMN seal_sha256 char(64);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE certificate DROP COLUMN seal_sha256; DROP TABLE certificate_seal;`);
  }
}
