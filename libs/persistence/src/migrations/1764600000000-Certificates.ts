import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Certificates: one per completed enrollment, numbered gaplessly per tenant and year, with an
 * unguessable verification code, the holder's data as it was at issue, and the history of files
 * (a re-issue adds a file and keeps the number). Decision 0014.
 */
export class Certificates1764600000000 implements MigrationInterface {
  name = 'Certificates1764600000000';

  async up(q: QueryRunner): Promise<void> {
    // The next number of a tenant's year. Incremented with an upsert in the transaction that inserts the
    // certificate: the row lock serialises issuers and a rollback gives the number back, so numbers are 1..n.
    // Templates of a tenant (decision 0014): every edit is a new immutable version; certificates record the one they were rendered with.
    await q.query(`
      CREATE TABLE certificate_template (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant(id),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        latest_version integer NOT NULL CHECK (latest_version >= 1),
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, id)
      )`);
    await q.query(`
      CREATE TABLE certificate_template_version (
        tenant_id uuid NOT NULL,
        template_id uuid NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        html text NOT NULL CHECK (length(html) BETWEEN 1 AND 200000),
        css text NOT NULL CHECK (length(css) <= 200000),
        orientation text NOT NULL CHECK (orientation IN ('landscape', 'portrait')),
        assets text[] NOT NULL DEFAULT '{}',
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (template_id, version),
        FOREIGN KEY (tenant_id, template_id) REFERENCES certificate_template(tenant_id, id)
      )`);
    // Images and fonts a template inlines by name ({{asset "logo"}}); names resolve within the tenant only.
    await q.query(`
      CREATE TABLE certificate_asset (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant(id),
        name text NOT NULL CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
        object_key text NOT NULL UNIQUE,
        declared_type text NOT NULL,
        declared_size integer NOT NULL CHECK (declared_size > 0),
        status text NOT NULL CHECK (status IN ('pending', 'verified', 'rejected')),
        content_type text,
        size_bytes integer,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        verified_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX certificate_asset_name_uq ON certificate_asset (tenant_id, name) WHERE status <> 'rejected'`);
    await q.query(`
      CREATE TABLE certificate_counter (
        tenant_id uuid NOT NULL REFERENCES tenant(id),
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 9999),
        last_value integer NOT NULL CHECK (last_value >= 1),
        PRIMARY KEY (tenant_id, year)
      )`);
    await q.query(`
      CREATE TABLE certificate (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenant(id),
        -- Exactly one certificate per completion, whatever duplicates or retries happen.
        enrollment_id uuid NOT NULL UNIQUE,
        employee_id uuid NOT NULL,
        course_id uuid NOT NULL,
        course_version integer NOT NULL,
        year integer NOT NULL,
        sequence integer NOT NULL CHECK (sequence >= 1),
        number text NOT NULL CHECK (length(number) BETWEEN 1 AND 64),
        -- 16 characters of base32 from 80 random bits: cannot be guessed or enumerated.
        verification_code text NOT NULL UNIQUE CHECK (verification_code ~ '^[A-Z2-7]{16}$'),
        holder_name text NOT NULL,
        holder_nip char(18) NOT NULL,
        agency_name text NOT NULL,
        course_title text NOT NULL,
        jp_minutes integer NOT NULL CHECK (jp_minutes >= 0),
        -- [{competencyId, name, type, level}] as printed on the certificate.
        competencies jsonb NOT NULL CHECK (jsonb_typeof(competencies) = 'array'),
        issued_at timestamptz NOT NULL,
        expires_at timestamptz,
        -- pending: number reserved, file not yet stored; valid: issued; revoked: withdrawn by an admin.
        status text NOT NULL CHECK (status IN ('pending', 'valid', 'revoked')),
        revoked_at timestamptz,
        revoked_by uuid,
        revoked_reason text CHECK (length(revoked_reason) BETWEEN 1 AND 1000),
        object_key text,
        sha256 char(64) CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size_bytes integer CHECK (size_bytes > 0),
        signed boolean NOT NULL DEFAULT false,
        -- The template (null: the product's default) and its version the current file was rendered with.
        template_id uuid,
        template_version integer,
        -- Set by a re-issue request, cleared by the generator when the new file is stored (the token makes it idempotent).
        reissue_token uuid,
        reissue_reason text CHECK (length(reissue_reason) BETWEEN 1 AND 1000),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, id),
        UNIQUE (tenant_id, number),
        UNIQUE (tenant_id, year, sequence),
        FOREIGN KEY (tenant_id, enrollment_id) REFERENCES enrollment(tenant_id, id),
        FOREIGN KEY (tenant_id, employee_id) REFERENCES employee(tenant_id, id),
        FOREIGN KEY (course_id, course_version) REFERENCES course_version(course_id, version),
        CHECK (status = 'pending' OR (object_key IS NOT NULL AND sha256 IS NOT NULL AND size_bytes IS NOT NULL)),
        CHECK ((status = 'revoked') = (revoked_at IS NOT NULL AND revoked_reason IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX certificate_employee_idx ON certificate (tenant_id, employee_id, issued_at DESC)`);
    await q.query(`CREATE INDEX certificate_course_idx ON certificate (tenant_id, course_id)`);
    // Every file a certificate ever had (the first issue and each re-issue); the row above names the current one.
    await q.query(`
      CREATE TABLE certificate_file (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        certificate_id uuid NOT NULL,
        object_key text NOT NULL UNIQUE,
        sha256 char(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size_bytes integer NOT NULL CHECK (size_bytes > 0),
        signed boolean NOT NULL,
        reason text NOT NULL CHECK (reason IN ('issue', 'reissue')),
        template_id uuid,
        template_version integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (tenant_id, certificate_id) REFERENCES certificate(tenant_id, id)
      )`);
    await q.query(`CREATE INDEX certificate_file_certificate_idx ON certificate_file (certificate_id, created_at)`);
    await q.query(`CREATE INDEX certificate_file_sha_idx ON certificate_file (sha256)`);
    // The PKCS#12 a tenant signs with. Demo tenants get a generated one on first use; real agencies
    // upload theirs (BSrE). The passphrase sits beside it here: a KMS would hold it in production (decision 0014).
    await q.query(`
      CREATE TABLE certificate_signing_key (
        tenant_id uuid PRIMARY KEY REFERENCES tenant(id),
        pkcs12 bytea NOT NULL,
        passphrase text NOT NULL,
        subject text NOT NULL,
        generated boolean NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['certificate_signing_key', 'certificate_file', 'certificate', 'certificate_counter', 'certificate_asset', 'certificate_template_version', 'certificate_template']) await q.query(`DROP TABLE IF EXISTS ${table}`);
  }
}
