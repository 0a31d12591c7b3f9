import { DataSource } from 'typeorm';
import { localDate } from '@mahir/competency';
import { hashPassword } from '../password-hashing';
import { DEMO_PASSWORD, demoAgencies, demoLogins, type DemoAgency, type DemoLogin } from './demo-data';
import { DEMO_COURSES, demoUuid } from './demo-courses';

export const SUPER_ADMIN_LOGIN = { email: 'superadmin@mahir.go.id', displayName: 'Super Admin Mahir' };

export interface SeedSummary {
  agencies: number;
  employees: number;
  logins: DemoLogin[];
}

/**
 * Loads the demo agencies. Every statement is an upsert keyed by natural keys
 * (tenant code, unit code, position code, NIP, e-mail), so running it twice changes nothing.
 */
export async function seedDemo(dataSource: DataSource): Promise<SeedSummary> {
  const agencies = demoAgencies();
  const logins = demoLogins();
  let employees = 0;
  await dataSource.transaction(async (tx) => {
    for (const agency of agencies) employees += await seedAgency(tx.query.bind(tx), agency);
    await seedLogins(tx.query.bind(tx), logins);
    await seedCourses(tx.query.bind(tx));
  });
  return { agencies: agencies.length, employees, logins };
}

type Query = (sql: string, params?: unknown[]) => Promise<unknown>;

async function seedAgency(query: Query, agency: DemoAgency): Promise<number> {
  const [tenant] = (await query(
    `INSERT INTO tenant (code, name, short_name, time_zone) VALUES ($1, $2, $3, $4)
     ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    [agency.code, agency.name, agency.shortName, agency.timeZone],
  )) as { id: string }[];
  const tenantId = tenant.id;

  // Units: insert all, then link parents by code, so the order of the list does not matter.
  await query(
    `INSERT INTO unit (tenant_id, code, name)
     SELECT $1, u.code, u.name FROM jsonb_to_recordset($2::jsonb) AS u(code text, name text)
     ON CONFLICT (tenant_id, code) DO NOTHING`,
    [tenantId, JSON.stringify(agency.units)],
  );
  await query(
    `UPDATE unit c SET parent_id = p.id
     FROM jsonb_to_recordset($2::jsonb) AS u(code text, "parentCode" text)
     JOIN unit p ON p.tenant_id = $1 AND p.code = u."parentCode"
     WHERE c.tenant_id = $1 AND c.code = u.code AND c.parent_id IS DISTINCT FROM p.id`,
    [tenantId, JSON.stringify(agency.units)],
  );
  await query(
    `INSERT INTO position (tenant_id, code, name, position_class)
     SELECT $1, p.code, p.name, p."positionClass" FROM jsonb_to_recordset($2::jsonb) AS p(code text, name text, "positionClass" text)
     ON CONFLICT (tenant_id, code) DO NOTHING`,
    [tenantId, JSON.stringify(agency.positions)],
  );
  await query(
    `INSERT INTO employee (tenant_id, nip, full_name, email, unit_id, position_id)
     SELECT $1, e.nip, e."fullName", e.email, u.id, p.id
     FROM jsonb_to_recordset($2::jsonb) AS e(nip text, "fullName" text, email text, "unitCode" text, "positionCode" text)
     JOIN unit u ON u.tenant_id = $1 AND u.code = e."unitCode"
     JOIN position p ON p.tenant_id = $1 AND p.code = e."positionCode"
     ON CONFLICT (tenant_id, nip) DO NOTHING`,
    [tenantId, JSON.stringify(agency.employees)],
  );
  await query(
    `UPDATE employee e SET supervisor_id = s.id
     FROM jsonb_to_recordset($2::jsonb) AS d(nip text, "supervisorNip" text)
     JOIN employee s ON s.tenant_id = $1 AND s.nip = d."supervisorNip"
     WHERE e.tenant_id = $1 AND e.nip = d.nip AND e.supervisor_id IS DISTINCT FROM s.id`,
    [tenantId, JSON.stringify(agency.employees)],
  );
  await query(
    `INSERT INTO employee_placement (tenant_id, employee_id, unit_id, position_id, valid_from, reason)
     SELECT e.tenant_id, e.id, e.unit_id, e.position_id, $2::date, 'hire' FROM employee e
     WHERE e.tenant_id = $1 AND NOT EXISTS (SELECT 1 FROM employee_placement p WHERE p.employee_id = e.id)`,
    [tenantId, localDate(new Date(), agency.timeZone)],
  );
  return agency.employees.length;
}

async function seedLogins(query: Query, logins: DemoLogin[]): Promise<void> {
  const existing = (await query(`SELECT email FROM user_account`)) as { email: string }[];
  const have = new Set(existing.map((r) => r.email));
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  if (!have.has(SUPER_ADMIN_LOGIN.email)) {
    await query(`INSERT INTO user_account (email, display_name, password_hash, is_super_admin) VALUES ($1, $2, $3, true)`, [
      SUPER_ADMIN_LOGIN.email,
      SUPER_ADMIN_LOGIN.displayName,
      passwordHash,
    ]);
  }
  // One account per demo employee, holding every demo role that employee was given.
  const byNip = new Map<string, DemoLogin[]>();
  for (const login of logins) byNip.set(login.nip, [...(byNip.get(login.nip) ?? []), login]);
  for (const [nip, theirs] of byNip) {
    const first = theirs[0];
    const [account] = (await query(
      `INSERT INTO user_account (tenant_id, employee_id, nip, email, display_name, password_hash)
       SELECT e.tenant_id, e.id, e.nip, e.email, e.full_name, $3 FROM employee e
       JOIN tenant t ON t.id = e.tenant_id AND t.code = $1 WHERE e.nip = $2
       ON CONFLICT (employee_id) DO UPDATE SET updated_at = user_account.updated_at RETURNING id, tenant_id`,
      [first.agencyCode, nip, passwordHash],
    )) as { id: string; tenant_id: string }[];
    const roles = [...new Set(['learner', ...theirs.map((l) => l.role)])];
    await query(
      `INSERT INTO user_role (user_id, tenant_id, role) SELECT $1, $2, unnest($3::text[]) ON CONFLICT DO NOTHING`,
      [account.id, account.tenant_id, roles],
    );
  }
}

/**
 * Publishes the demo courses (version 1, open, in the catalog) once; ids are derived from the
 * course's name, so a second run finds them and changes nothing (published versions never change).
 */
async function seedCourses(query: Query): Promise<void> {
  const competencies = (await query(`SELECT id, code FROM competency WHERE tenant_id IS NULL`)) as { id: string; code: string }[];
  const byCode = new Map(competencies.map((c) => [c.code, c.id]));
  const competencyId = (code: string) => {
    const id = byCode.get(code);
    if (!id) throw new Error(`demo course needs national competency ${code}; load the reference data first`);
    return id;
  };
  for (const demo of DEMO_COURSES) {
    const [tenant] = (await query(`SELECT id FROM tenant WHERE code = $1`, [demo.agencyCode])) as { id: string }[];
    if (!tenant) continue;
    const id = demoUuid(`course:${demo.agencyCode}:${demo.slug}`);
    const created = (await query(
      `INSERT INTO course (id, tenant_id, published_version) VALUES ($1, $2, 1) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [id, tenant.id],
    )) as { id: string }[];
    if (created.length === 0) continue;
    const doc = demo.document(competencyId);
    const json = JSON.stringify(doc);
    await query(`INSERT INTO course_draft (course_id, tenant_id, based_on_version, document) VALUES ($1, $2, 1, $3)`, [id, tenant.id, json]);
    await query(`INSERT INTO course_version (course_id, version, tenant_id, title, document) VALUES ($1, 1, $2, $3, $4)`, [id, tenant.id, doc.title, json]);
    // The catalog row as the API's catalog writer makes it (search vector by the same database function).
    await query(
      `INSERT INTO course_catalog (course_id, tenant_id, version, visibility, title, summary, category, language, jp_minutes, enrollment_policy,
                                   competencies, competency_ids, published_at, search)
       VALUES ($1, $2, 1, $3, $4, $5, $6, $7, $8, $9, $10, $11::uuid[], now(), mahir_course_search($4, $5, $6, $12))`,
      [
        id, tenant.id, doc.visibility, doc.title, doc.summary, doc.category, doc.language, doc.jpMinutes, doc.enrollmentPolicy,
        JSON.stringify(doc.competencies), doc.competencies.map((c) => c.competencyId), doc.description,
      ],
    );
  }
}
