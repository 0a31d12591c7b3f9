import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tenants, organisation, identity and the audit log. Tenant isolation lives in the
 * schema too: every child row references its parent by (tenant_id, id), so a row can
 * never point at another agency's unit, position or employee.
 */
export class Foundation1763800000000 implements MigrationInterface {
  name = 'Foundation1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    await q.query(`
      CREATE TABLE tenant (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z][A-Z0-9_]{1,31}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        short_name text CHECK (length(short_name) <= 100),
        time_zone text NOT NULL CHECK (time_zone IN ('WIB', 'WITA', 'WIT')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE unit (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant(id),
        parent_id uuid,
        code text NOT NULL CHECK (code ~ '^[A-Z0-9][A-Z0-9_.-]{0,39}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, code),
        UNIQUE (tenant_id, id),
        FOREIGN KEY (tenant_id, parent_id) REFERENCES unit(tenant_id, id),
        CHECK (parent_id IS NULL OR parent_id <> id)
      )`);
    await q.query(`CREATE INDEX unit_parent_idx ON unit (tenant_id, parent_id)`);

    await q.query(`
      CREATE TABLE position (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant(id),
        code text NOT NULL CHECK (code ~ '^[A-Z0-9][A-Z0-9_.-]{0,39}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        position_class text NOT NULL CHECK (position_class IN
          ('jpt_madya', 'jpt_pratama', 'administrator', 'pengawas', 'pelaksana', 'fungsional')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, code),
        UNIQUE (tenant_id, id)
      )`);

    await q.query(`
      CREATE TABLE employee (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant(id),
        nip char(18) NOT NULL CHECK (nip ~ '^[0-9]{18}$'),
        full_name text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
        email text NOT NULL CHECK (length(email) <= 254 AND email = lower(email)),
        unit_id uuid NOT NULL,
        position_id uuid NOT NULL,
        supervisor_id uuid,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired', 'transferred')),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, nip),
        UNIQUE (tenant_id, id),
        UNIQUE (tenant_id, email),
        FOREIGN KEY (tenant_id, unit_id) REFERENCES unit(tenant_id, id),
        FOREIGN KEY (tenant_id, position_id) REFERENCES position(tenant_id, id),
        FOREIGN KEY (tenant_id, supervisor_id) REFERENCES employee(tenant_id, id),
        CHECK (supervisor_id IS NULL OR supervisor_id <> id)
      )`);
    await q.query(`CREATE INDEX employee_unit_idx ON employee (tenant_id, unit_id)`);
    await q.query(`CREATE INDEX employee_supervisor_idx ON employee (tenant_id, supervisor_id)`);
    await q.query(`CREATE INDEX employee_name_trgm_idx ON employee USING gin (lower(full_name) gin_trgm_ops)`);

    // Placement history: where an employee sat (unit, position) and when. Transfers close one and open the next.
    await q.query(`
      CREATE TABLE employee_placement (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        employee_id uuid NOT NULL,
        unit_id uuid NOT NULL,
        position_id uuid NOT NULL,
        valid_from date NOT NULL,
        valid_to date,
        reason text NOT NULL CHECK (reason IN ('hire', 'transfer', 'import')),
        recorded_by uuid,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (tenant_id, employee_id) REFERENCES employee(tenant_id, id),
        FOREIGN KEY (tenant_id, unit_id) REFERENCES unit(tenant_id, id),
        FOREIGN KEY (tenant_id, position_id) REFERENCES position(tenant_id, id),
        CHECK (valid_to IS NULL OR valid_to >= valid_from)
      )`);
    await q.query(`CREATE UNIQUE INDEX employee_placement_open_idx ON employee_placement (employee_id) WHERE valid_to IS NULL`);
    await q.query(`CREATE INDEX employee_placement_employee_idx ON employee_placement (employee_id, valid_from)`);

    await q.query(`
      CREATE TABLE user_account (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid REFERENCES tenant(id),
        employee_id uuid UNIQUE,
        nip char(18) CHECK (nip ~ '^[0-9]{18}$'),
        email text NOT NULL CHECK (email = lower(email)),
        display_name text NOT NULL,
        password_hash text NOT NULL,
        is_super_admin boolean NOT NULL DEFAULT false,
        disabled_at timestamptz,
        password_changed_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (tenant_id, employee_id) REFERENCES employee(tenant_id, id),
        CHECK (is_super_admin OR tenant_id IS NOT NULL)
      )`);
    // Sign-in names must identify one enabled account.
    await q.query(`CREATE UNIQUE INDEX user_account_email_idx ON user_account (email) WHERE disabled_at IS NULL`);
    await q.query(`CREATE UNIQUE INDEX user_account_nip_idx ON user_account (nip) WHERE disabled_at IS NULL`);

    await q.query(`
      CREATE TABLE user_role (
        user_id uuid NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
        tenant_id uuid NOT NULL REFERENCES tenant(id),
        role text NOT NULL CHECK (role IN ('learner', 'supervisor', 'grader', 'training_admin', 'tenant_admin')),
        granted_by uuid,
        granted_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, tenant_id, role)
      )`);

    await q.query(`
      CREATE TABLE refresh_token (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
        family_id uuid NOT NULL,
        secret_hash text NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_ip text,
        user_agent text
      )`);
    await q.query(`CREATE INDEX refresh_token_family_idx ON refresh_token (family_id)`);
    await q.query(`CREATE INDEX refresh_token_user_idx ON refresh_token (user_id)`);

    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        tenant_id uuid REFERENCES tenant(id),
        actor_user_id uuid,
        action text NOT NULL,
        target_type text NOT NULL,
        target_id text,
        detail jsonb NOT NULL DEFAULT '{}',
        request_id text,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX audit_log_tenant_idx ON audit_log (tenant_id, at DESC)`);

    // Append-only tables refuse UPDATE and DELETE in the database itself.
    await q.query(`
      CREATE FUNCTION mahir_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION mahir_refuse_change()`);
    await q.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION mahir_refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['audit_log', 'refresh_token', 'user_role', 'user_account', 'employee_placement', 'employee', 'position', 'unit', 'tenant']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS mahir_refuse_change()`);
  }
}
