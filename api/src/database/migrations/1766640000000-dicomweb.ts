import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * DICOMweb: a device may also send by STOW-RS, with a secret of its own (only its SHA-256 is kept); a PACS
 * destination is either a DIMSE peer (AE title, host, port) or a DICOMweb base URL that results are POSTed to.
 */
export class Dicomweb1766640000000 implements MigrationInterface {
  name = 'Dicomweb1766640000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE dicom_device ADD COLUMN dicomweb_secret_hash char(64);
      ALTER TABLE pacs_destination ALTER COLUMN ae_title DROP NOT NULL, ALTER COLUMN host DROP NOT NULL, ALTER COLUMN port DROP NOT NULL;
      ALTER TABLE pacs_destination ADD COLUMN dicomweb_url varchar(500);
      ALTER TABLE pacs_destination ADD CONSTRAINT pacs_destination_peer_check
        CHECK ((dicomweb_url IS NULL) = (ae_title IS NOT NULL AND host IS NOT NULL AND port IS NOT NULL));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM pacs_send WHERE destination_id IN (SELECT id FROM pacs_destination WHERE dicomweb_url IS NOT NULL);
      DELETE FROM pacs_destination WHERE dicomweb_url IS NOT NULL;
      ALTER TABLE pacs_destination DROP CONSTRAINT pacs_destination_peer_check, DROP COLUMN dicomweb_url;
      ALTER TABLE pacs_destination ALTER COLUMN ae_title SET NOT NULL, ALTER COLUMN host SET NOT NULL, ALTER COLUMN port SET NOT NULL;
      ALTER TABLE dicom_device DROP COLUMN dicomweb_secret_hash;
    `);
  }
}
