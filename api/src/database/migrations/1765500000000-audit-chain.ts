import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AUDIT_CHAIN_LANES, auditCanonicalV1 } from '../../audit/chain/canonical.js';

const hashOf = (prev: string, canonical: string) => `encode(sha256(convert_to(${prev} || ${canonical}, 'UTF8')), 'hex')`;

/**
 * A tamper-evident audit trail. The database sets each row's time (a supplied one is refused) and chains it:
 * rows of a UTC day are spread over a few lanes (by backend), each lane a hash chain kept in audit_chain_head.
 * The trigger runs with the owner's rights, so the app role can neither write a chain head nor skip the chain.
 * Rows from before this migration are chained here, day by day in id order, on lane 0.
 */
export class AuditChain1765500000000 implements MigrationInterface {
  name = 'AuditChain1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE audit_event
        ADD COLUMN chain_day date,
        ADD COLUMN chain_lane smallint,
        ADD COLUMN chain_seq bigint,
        ADD COLUMN row_hash char(64);

      CREATE TABLE audit_chain_head (
        chain_day date NOT NULL,
        chain_lane smallint NOT NULL,
        seq bigint NOT NULL,
        hash varchar(64) NOT NULL,
        PRIMARY KEY (chain_day, chain_lane)
      );

      ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete;
      DO $$
      DECLARE
        r record;
        prev text := '';
        day date;
        s bigint := 0;
      BEGIN
        FOR r IN SELECT id, (occurred_at AT TIME ZONE 'UTC')::date AS d FROM audit_event ORDER BY 2, id LOOP
          IF day IS DISTINCT FROM r.d THEN
            IF day IS NOT NULL THEN INSERT INTO audit_chain_head VALUES (day, 0, s, prev); END IF;
            day := r.d;
            s := 0;
            prev := '';
          END IF;
          s := s + 1;
          UPDATE audit_event e SET chain_day = r.d, chain_lane = 0, chain_seq = s,
            row_hash = ${hashOf('prev', auditCanonicalV1('e', { day: 'r.d', lane: '0', seq: 's' }))}
            WHERE e.id = r.id RETURNING e.row_hash INTO prev;
        END LOOP;
        IF day IS NOT NULL THEN INSERT INTO audit_chain_head VALUES (day, 0, s, prev); END IF;
      END $$;
      ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_delete;

      ALTER TABLE audit_event
        ALTER COLUMN chain_day SET NOT NULL,
        ALTER COLUMN chain_lane SET NOT NULL,
        ALTER COLUMN chain_seq SET NOT NULL,
        ALTER COLUMN row_hash SET NOT NULL;
      CREATE INDEX audit_event_chain_idx ON audit_event (chain_day, chain_lane, chain_seq);

      CREATE FUNCTION audit_event_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        prev text;
      BEGIN
        -- The database's clock, not the writer's: a back-dated (or forward-dated) row is refused.
        IF NEW.occurred_at IS DISTINCT FROM now() THEN
          RAISE EXCEPTION 'audit_event.occurred_at is set by the database' USING ERRCODE = 'insufficient_privilege';
        END IF;
        NEW.chain_day := (now() AT TIME ZONE 'UTC')::date;
        NEW.chain_lane := pg_backend_pid() % ${AUDIT_CHAIN_LANES};
        -- The upsert locks the lane's head until commit: writers on one lane take turns, and the chain never forks.
        INSERT INTO audit_chain_head AS h (chain_day, chain_lane, seq, hash) VALUES (NEW.chain_day, NEW.chain_lane, 1, '')
          ON CONFLICT (chain_day, chain_lane) DO UPDATE SET seq = h.seq + 1
          RETURNING h.seq, h.hash INTO NEW.chain_seq, prev;
        NEW.row_hash := ${hashOf('prev', auditCanonicalV1('NEW'))};
        UPDATE audit_chain_head SET hash = NEW.row_hash WHERE chain_day = NEW.chain_day AND chain_lane = NEW.chain_lane;
        RETURN NEW;
      END;
      $$;
      REVOKE ALL ON FUNCTION audit_event_chain() FROM PUBLIC;
      CREATE TRIGGER audit_event_chain BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_chain();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER audit_event_chain ON audit_event;
      DROP FUNCTION audit_event_chain();
      DROP TABLE audit_chain_head;
      DROP INDEX audit_event_chain_idx;
      ALTER TABLE audit_event DROP COLUMN chain_day, DROP COLUMN chain_lane, DROP COLUMN chain_seq, DROP COLUMN row_hash;
    `);
  }
}
