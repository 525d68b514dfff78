import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Institutions, users, roles, sessions and the append-only audit trail. Runs on PGlite and PostgreSQL alike. */
export class Foundation1764200000000 implements MigrationInterface {
  name = 'Foundation1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE institution (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(32) NOT NULL UNIQUE,
        name varchar(200) NOT NULL,
        type varchar(32) NOT NULL CHECK (type IN ('TOWNSHIP_HEALTH_CENTRE','COUNTY_HOSPITAL','URBAN_HOSPITAL','TRAINING_INSTITUTE')),
        prefecture varchar(100) NOT NULL,
        county varchar(100),
        parent_id uuid REFERENCES institution(id),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (parent_id IS NULL OR parent_id <> id)
      );
      CREATE INDEX institution_parent_idx ON institution (parent_id);

      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username varchar(64) NOT NULL UNIQUE CHECK (username = lower(username)),
        display_name varchar(200) NOT NULL,
        email varchar(200),
        phone varchar(32),
        locale varchar(8) NOT NULL DEFAULT 'zh',
        password_hash varchar(200) NOT NULL,
        active boolean NOT NULL DEFAULT true,
        failed_sign_ins integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        must_change_password boolean NOT NULL DEFAULT false,
        last_sign_in_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE role_assignment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        institution_id uuid NOT NULL REFERENCES institution(id),
        role varchar(32) NOT NULL CHECK (role IN ('TOWNSHIP_DOCTOR','SPECIALIST','TRAINER','TRAINEE','ADMIN')),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (user_id, institution_id, role)
      );
      CREATE INDEX role_assignment_institution_idx ON role_assignment (institution_id, role);

      CREATE TABLE auth_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id),
        refresh_token_hash char(64) NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason varchar(32),
        ip varchar(64),
        user_agent varchar(300)
      );
      CREATE INDEX auth_session_user_idx ON auth_session (user_id) WHERE revoked_at IS NULL;

      -- Every refresh token a session has rotated away; seeing one again means it was copied.
      CREATE TABLE auth_refresh_token_retired (
        token_hash char(64) PRIMARY KEY,
        session_id uuid NOT NULL REFERENCES auth_session(id) ON DELETE CASCADE,
        retired_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX auth_refresh_token_retired_session_idx ON auth_refresh_token_retired (session_id);

      CREATE TABLE audit_event (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_user_id uuid,
        actor_username varchar(64),
        action varchar(100) NOT NULL,
        resource_type varchar(50) NOT NULL,
        resource_id varchar(100),
        institution_id uuid,
        outcome varchar(10) NOT NULL CHECK (outcome IN ('SUCCESS','DENIED','FAILURE')),
        code varchar(50),
        ip varchar(64),
        user_agent varchar(300),
        request_id varchar(64),
        details jsonb
      );
      CREATE INDEX audit_event_time_idx ON audit_event (occurred_at DESC, id DESC);
      CREATE INDEX audit_event_actor_idx ON audit_event (actor_user_id, occurred_at DESC);
      CREATE INDEX audit_event_resource_idx ON audit_event (resource_type, resource_id);
      CREATE INDEX audit_event_institution_idx ON audit_event (institution_id, occurred_at DESC);

      -- The audit trail is append-only for everyone, the application's own database role included.
      CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END;
      $$;
      CREATE TRIGGER audit_event_no_update_delete BEFORE UPDATE OR DELETE ON audit_event
        FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
      CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
        FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE audit_event;
      DROP FUNCTION audit_event_append_only();
      DROP TABLE auth_refresh_token_retired;
      DROP TABLE auth_session;
      DROP TABLE role_assignment;
      DROP TABLE app_user;
      DROP TABLE institution;
    `);
  }
}
