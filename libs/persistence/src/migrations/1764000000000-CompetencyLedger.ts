import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Competencies (the national dictionary with tenant_id NULL, each tenant's own technical
 * ones), position standards, the append-only competency ledger with its per-employee
 * hash chain, JP credits, and prior-learning submissions.
 */
export class CompetencyLedger1764000000000 implements MigrationInterface {
  name = 'CompetencyLedger1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE competency (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid REFERENCES tenant(id),
        type text NOT NULL CHECK (type IN ('teknis', 'manajerial', 'sosial_kultural')),
        code text NOT NULL CHECK (code ~ '^[A-Z0-9][A-Z0-9_.-]{0,39}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        description text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
        revision integer NOT NULL DEFAULT 1,
        retired_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        -- The national dictionary (no tenant) is managerial and socio-cultural; tenants define technical ones.
        CHECK ((tenant_id IS NULL) = (type <> 'teknis'))
      )`);
    await q.query(`CREATE UNIQUE INDEX competency_national_code_idx ON competency (code) WHERE tenant_id IS NULL`);
    await q.query(`CREATE UNIQUE INDEX competency_tenant_code_idx ON competency (tenant_id, code) WHERE tenant_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE competency_level (
        competency_id uuid NOT NULL REFERENCES competency(id),
        level smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
        description text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
        indicators jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(indicators) = 'array'),
        PRIMARY KEY (competency_id, level)
      )`);

    // Every change of a competency (create, edit, retire) as a snapshot: the framework's history.
    await q.query(`
      CREATE TABLE competency_revision (
        competency_id uuid NOT NULL REFERENCES competency(id),
        revision integer NOT NULL,
        framework_version integer NOT NULL,
        change text NOT NULL CHECK (change IN ('created', 'updated', 'retired', 'restored', 'imported')),
        snapshot jsonb NOT NULL,
        changed_by uuid,
        changed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (competency_id, revision)
      )`);
    await q.query(`
      CREATE TABLE competency_framework (
        tenant_id uuid PRIMARY KEY REFERENCES tenant(id),
        version integer NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE position_standard (
        tenant_id uuid NOT NULL,
        position_id uuid NOT NULL,
        competency_id uuid NOT NULL REFERENCES competency(id),
        required_level smallint NOT NULL CHECK (required_level BETWEEN 1 AND 5),
        updated_by uuid,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (position_id, competency_id),
        FOREIGN KEY (tenant_id, position_id) REFERENCES position(tenant_id, id)
      )`);

    await q.query(`
      CREATE TABLE ledger_entry (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        employee_id uuid NOT NULL,
        sequence integer NOT NULL CHECK (sequence >= 1),
        competency_id uuid NOT NULL REFERENCES competency(id),
        level smallint CHECK (level BETWEEN 1 AND 5),
        source text NOT NULL CHECK (source IN
          ('course_completion', 'assessment', 'manual', 'import', 'prior_learning', 'revocation', 'adjustment')),
        source_ref text NOT NULL CHECK (length(source_ref) BETWEEN 1 AND 200),
        target_entry_id uuid REFERENCES ledger_entry(id),
        reason text CHECK (length(reason) <= 2000),
        evidence_text text CHECK (length(evidence_text) <= 4000),
        evidence_url text CHECK (length(evidence_url) <= 2000),
        evidence_object_key text CHECK (length(evidence_object_key) <= 300),
        occurred_at timestamptz NOT NULL,
        valid_until timestamptz,
        recorded_at timestamptz NOT NULL,
        recorded_by uuid,
        prev_hash text CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
        hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
        -- One chain per employee without forks; one entry per source (idempotency, and one revocation per entry).
        UNIQUE (employee_id, sequence),
        UNIQUE (tenant_id, source, source_ref),
        FOREIGN KEY (tenant_id, employee_id) REFERENCES employee(tenant_id, id),
        CHECK ((source = 'revocation') = (level IS NULL)),
        CHECK ((source IN ('revocation', 'adjustment')) = (target_entry_id IS NOT NULL)),
        CHECK ((sequence = 1) = (prev_hash IS NULL)),
        CHECK (valid_until IS NULL OR valid_until > occurred_at),
        CHECK (occurred_at <= recorded_at + interval '5 minutes')
      )`);
    await q.query(`CREATE INDEX ledger_entry_employee_idx ON ledger_entry (employee_id, competency_id)`);
    await q.query(`CREATE INDEX ledger_entry_target_idx ON ledger_entry (target_entry_id) WHERE target_entry_id IS NOT NULL`);

    // Derived, rebuildable from ledger_entry: per employee and competency the level held now, by the
    // domain's profile rules, refreshed on every append. Reports read it instead of replaying chains.
    // next_change_at is the next expiry that can change the level; rows past it are refreshed before use.
    await q.query(`
      CREATE TABLE competency_holding (
        tenant_id uuid NOT NULL,
        employee_id uuid NOT NULL,
        competency_id uuid NOT NULL REFERENCES competency(id),
        level smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
        entry_id uuid NOT NULL REFERENCES ledger_entry(id),
        valid_until timestamptz,
        next_change_at timestamptz,
        refreshed_at timestamptz NOT NULL,
        PRIMARY KEY (employee_id, competency_id),
        FOREIGN KEY (tenant_id, employee_id) REFERENCES employee(tenant_id, id)
      )`);
    await q.query(`CREATE INDEX competency_holding_tenant_idx ON competency_holding (tenant_id)`);
    await q.query(`CREATE INDEX competency_holding_stale_idx ON competency_holding (tenant_id, next_change_at) WHERE next_change_at IS NOT NULL`);

    await q.query(`
      CREATE TABLE jp_credit (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        employee_id uuid NOT NULL,
        minutes integer NOT NULL CHECK (minutes BETWEEN 1 AND 100000),
        occurred_at timestamptz NOT NULL,
        source text NOT NULL CHECK (source IN ('course_completion', 'external_training', 'import', 'manual')),
        source_ref text NOT NULL CHECK (length(source_ref) BETWEEN 1 AND 200),
        description text CHECK (length(description) <= 2000),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        recorded_by uuid,
        UNIQUE (tenant_id, source, source_ref),
        FOREIGN KEY (tenant_id, employee_id) REFERENCES employee(tenant_id, id),
        CHECK (occurred_at <= recorded_at + interval '5 minutes')
      )`);
    await q.query(`CREATE INDEX jp_credit_employee_idx ON jp_credit (tenant_id, employee_id, occurred_at)`);

    await q.query(`
      CREATE TABLE prior_learning (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        employee_id uuid NOT NULL,
        competency_id uuid NOT NULL REFERENCES competency(id),
        level smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
        occurred_at timestamptz NOT NULL,
        description text NOT NULL CHECK (length(description) BETWEEN 1 AND 4000),
        evidence_url text CHECK (length(evidence_url) <= 2000),
        status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'accepted', 'rejected')),
        decided_by uuid,
        decided_at timestamptz,
        decision_note text CHECK (length(decision_note) <= 2000),
        ledger_entry_id uuid REFERENCES ledger_entry(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (tenant_id, employee_id) REFERENCES employee(tenant_id, id),
        CHECK ((status = 'accepted') = (ledger_entry_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX prior_learning_status_idx ON prior_learning (tenant_id, status, created_at)`);

    // A standard, an entry or a submission may name a national competency or one of its own tenant's.
    await q.query(`
      CREATE FUNCTION mahir_competency_in_tenant() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE owner uuid;
      BEGIN
        SELECT tenant_id INTO owner FROM competency WHERE id = NEW.competency_id;
        IF owner IS NOT NULL AND owner <> NEW.tenant_id THEN
          RAISE EXCEPTION 'competency % belongs to another tenant', NEW.competency_id USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NEW;
      END $$`);
    for (const table of ['position_standard', 'ledger_entry', 'prior_learning']) {
      await q.query(`
        CREATE TRIGGER ${table}_competency_tenant BEFORE INSERT OR UPDATE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION mahir_competency_in_tenant()`);
    }

    // The ledger, JP credits and competency history are append-only, enforced here.
    for (const table of ['ledger_entry', 'jp_credit', 'competency_revision']) {
      await q.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION mahir_refuse_change()`);
      await q.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION mahir_refuse_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['prior_learning', 'jp_credit', 'competency_holding', 'ledger_entry', 'position_standard', 'competency_framework', 'competency_revision', 'competency_level', 'competency']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS mahir_competency_in_tenant()`);
  }
}
