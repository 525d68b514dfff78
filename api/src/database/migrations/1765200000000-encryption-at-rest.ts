import type { MigrationInterface, QueryRunner } from 'typeorm';
import { loadConfig } from '../../config/config.js';
import { FieldCipher } from '../../encryption/field-cipher.js';
import { Keyring } from '../../encryption/keyring.js';
import { openUserPhone, sealUserPhone } from '../../identity/user-phone.js';
import { openNationalId, openPhone, sealContact } from '../../patients/patient-contact.js';

const PAGE = 1000;

/** The keyring of the configuration this migration runs under (`npm run migrate` reads the same variables as the API). */
function cipherFor(q: QueryRunner): FieldCipher {
  const config = loadConfig();
  return new FieldCipher(new Keyring({ current: config.masterKey, previous: config.previousMasterKeys }, q));
}

/** Runs `each` over every row the query selects after the last id seen, a page at a time (keyset). */
async function forEachPage<T extends { id: string }>(q: QueryRunner, select: string, each: (row: T) => Promise<void>): Promise<void> {
  for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
    const rows = (await q.query(`${select} AND id > $1 ORDER BY id LIMIT ${PAGE}`, [after])) as T[];
    if (rows.length === 0) return;
    for (const row of rows) await each(row);
    after = rows.at(-1)!.id;
  }
}

/**
 * Encryption at rest: the `data_key` table (data keys wrapped by the master key), the patient's national id
 * and phone encrypted with blind indexes for lookups, and users' phones. Existing rows are encrypted here, in the migration's
 * transaction; the master key is only needed when there are rows to encrypt.
 */
export class EncryptionAtRest1765200000000 implements MigrationInterface {
  name = 'EncryptionAtRest1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE data_key (
        id uuid PRIMARY KEY,
        purpose varchar(100) NOT NULL UNIQUE,
        wrapped text NOT NULL,
        master_key_id varchar(16) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        rewrapped_at timestamptz
      );
      DROP INDEX patient_national_id_idx;
      ALTER TABLE app_user ALTER COLUMN phone TYPE text;
      ALTER TABLE patient
        ALTER COLUMN national_id TYPE text,
        ALTER COLUMN phone TYPE text,
        ADD COLUMN national_id_index char(64),
        ADD COLUMN phone_index char(64);
      CREATE UNIQUE INDEX patient_national_id_idx ON patient (institution_id, national_id_index) WHERE national_id_index IS NOT NULL;
      CREATE INDEX patient_phone_idx ON patient (institution_id, phone_index) WHERE phone_index IS NOT NULL;
    `);
    let cipher: FieldCipher | undefined;
    await forEachPage<{ id: string; national_id: string | null; phone: string | null }>(
      q,
      'SELECT id, national_id, phone FROM patient WHERE (national_id IS NOT NULL OR phone IS NOT NULL)',
      async (row) => {
        cipher ??= cipherFor(q);
        const sealed = await sealContact(cipher, row.id, { nationalId: row.national_id, phone: row.phone });
        await q.query(`UPDATE patient SET national_id = $2, national_id_index = $3, phone = $4, phone_index = $5 WHERE id = $1`, [
          row.id,
          sealed.nationalIdSealed,
          sealed.nationalIdIndex,
          sealed.phoneSealed,
          sealed.phoneIndex,
        ]);
      },
    );
    await forEachPage<{ id: string; phone: string }>(q, 'SELECT id, phone FROM app_user WHERE phone IS NOT NULL', async (row) => {
      cipher ??= cipherFor(q);
      await q.query(`UPDATE app_user SET phone = $2 WHERE id = $1`, [row.id, await sealUserPhone(cipher, row.id, row.phone)]);
    });
  }

  async down(q: QueryRunner): Promise<void> {
    let cipher: FieldCipher | undefined;
    await forEachPage<{ id: string; national_id: string | null; phone: string | null }>(
      q,
      'SELECT id, national_id, phone FROM patient WHERE (national_id IS NOT NULL OR phone IS NOT NULL)',
      async (row) => {
        cipher ??= cipherFor(q);
        await q.query(`UPDATE patient SET national_id = $2, phone = $3 WHERE id = $1`, [
          row.id,
          await openNationalId(cipher, row.id, row.national_id),
          await openPhone(cipher, row.id, row.phone),
        ]);
      },
    );
    await forEachPage<{ id: string; phone: string }>(q, 'SELECT id, phone FROM app_user WHERE phone IS NOT NULL', async (row) => {
      cipher ??= cipherFor(q);
      await q.query(`UPDATE app_user SET phone = $2 WHERE id = $1`, [row.id, await openUserPhone(cipher, row.id, row.phone)]);
    });
    await q.query(`
      DROP INDEX patient_phone_idx;
      DROP INDEX patient_national_id_idx;
      ALTER TABLE patient DROP COLUMN national_id_index, DROP COLUMN phone_index,
        ALTER COLUMN national_id TYPE varchar(32), ALTER COLUMN phone TYPE varchar(32);
      ALTER TABLE app_user ALTER COLUMN phone TYPE varchar(32);
      CREATE UNIQUE INDEX patient_national_id_idx ON patient (institution_id, national_id) WHERE national_id IS NOT NULL;
      DROP TABLE data_key;
    `);
  }
}
