import autocannon from 'autocannon';
import type { DataSource } from 'typeorm';
import { DEMO_PASSWORD, hashPassword } from '@mahir/persistence';
import { percentile, report, round } from './harness';

const EMPLOYEES = 50_000;
const TECHNICAL = 21; // + the 9 national competencies = 30 per position

/**
 * A large agency built in bulk with SQL: 50,000 employees in 40 units, each position
 * requiring 30 competencies, and about half of those held. Ledger rows are written
 * directly (placeholder hashes) with their holdings: the report reads only the derived
 * holdings, and appends are measured separately through the API.
 */
export async function buildAgency(db: DataSource): Promise<{ tenantId: string; adminEmail: string; employeeIds: string[] }> {
  const [tenant] = await db.query(`INSERT INTO tenant (code, name, time_zone) VALUES ('BESAR', 'Pemerintah Provinsi Uji Beban', 'WIB') RETURNING id`);
  const t = tenant.id;
  await db.query(`INSERT INTO unit (tenant_id, code, name) VALUES ($1, 'U00', 'Sekretariat Daerah')`, [t]);
  await db.query(
    `INSERT INTO unit (tenant_id, code, name, parent_id)
     SELECT $1, 'U' || lpad(g::text, 2, '0'), 'Unit ' || g, (SELECT id FROM unit WHERE tenant_id = $1 AND code = 'U00') FROM generate_series(1, 39) g`,
    [t],
  );
  await db.query(
    `INSERT INTO position (tenant_id, code, name, position_class)
     SELECT $1, 'P' || g, 'Jabatan ' || g, (ARRAY['jpt_pratama','administrator','pengawas','pelaksana','pelaksana'])[1 + g % 5] FROM generate_series(1, 10) g`,
    [t],
  );
  await db.query(
    `INSERT INTO competency (tenant_id, type, code, name) SELECT $1, 'teknis', 'T' || lpad(g::text, 2, '0'), 'Kompetensi Teknis ' || g FROM generate_series(1, ${TECHNICAL}) g`,
    [t],
  );
  await db.query(
    `INSERT INTO position_standard (tenant_id, position_id, competency_id, required_level)
     SELECT $1, p.id, c.id, 1 + (hashtext(p.code || c.code) & 3) FROM position p CROSS JOIN competency c WHERE p.tenant_id = $1 AND c.tenant_id = $1`,
    [t],
  );
  // NIPs: born 1960-01-01 + n days, started 1990-01, sequence from n; all valid and unique.
  await db.query(
    `INSERT INTO employee (tenant_id, nip, full_name, email, unit_id, position_id)
     SELECT $1,
            to_char(date '1960-01-01' + (g / 999), 'YYYYMMDD') || '199001' || (1 + g % 2)::text || lpad((1 + g % 999)::text, 3, '0'),
            'Pegawai Beban ' || g, 'pegawai' || g || '@besar.go.id',
            (SELECT id FROM unit WHERE tenant_id = $1 AND code = 'U' || lpad((g % 40)::text, 2, '0')),
            (SELECT id FROM position WHERE tenant_id = $1 AND code = 'P' || (1 + g % 10))
     FROM generate_series(0, ${EMPLOYEES - 1}) g`,
    [t],
  );
  await db.query(
    `INSERT INTO ledger_entry (id, tenant_id, employee_id, sequence, competency_id, level, source, source_ref, occurred_at, recorded_at, prev_hash, hash)
     SELECT gen_random_uuid(), $1, y.employee_id, y.seq, y.competency_id, y.level, 'import', 'bench:' || y.employee_id || ':' || y.code,
            now() - interval '30 days', now(), CASE WHEN y.seq = 1 THEN NULL ELSE repeat('0', 64) END, repeat('0', 64)
     FROM (SELECT x.*, row_number() OVER (PARTITION BY x.employee_id ORDER BY x.code) AS seq,
                  1 + (hashtext(x.employee_id::text || x.code) & 3) + (CASE WHEN hashtext(x.code || x.employee_id::text) & 7 = 0 THEN 1 ELSE 0 END) AS level
           FROM (SELECT e.id AS employee_id, c.id AS competency_id, c.code FROM employee e CROSS JOIN competency c
                 WHERE e.tenant_id = $1 AND (c.tenant_id = $1 OR c.tenant_id IS NULL) AND hashtext(e.id::text || c.code) & 1 = 0) x) y`,
    [t],
  );
  await db.query(
    `INSERT INTO competency_holding (tenant_id, employee_id, competency_id, level, entry_id, valid_until, next_change_at, refreshed_at)
     SELECT DISTINCT ON (employee_id, competency_id) tenant_id, employee_id, competency_id, level, id, valid_until, NULL::timestamptz, now()
     FROM ledger_entry WHERE tenant_id = $1 ORDER BY employee_id, competency_id, level DESC`,
    [t],
  );
  await db.query(`ANALYZE`);
  const [admin] = await db.query(`SELECT id, nip, email, full_name FROM employee WHERE tenant_id = $1 ORDER BY nip LIMIT 1`, [t]);
  const [user] = await db.query(
    `INSERT INTO user_account (tenant_id, employee_id, nip, email, display_name, password_hash) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [t, admin.id, admin.nip, admin.email, admin.full_name, await hashPassword(DEMO_PASSWORD)],
  );
  await db.query(`INSERT INTO user_role (user_id, tenant_id, role) VALUES ($1, $2, 'training_admin'), ($1, $2, 'learner')`, [user.id, t]);
  const ids: { id: string }[] = await db.query(`SELECT id FROM employee WHERE tenant_id = $1 AND id <> $2 ORDER BY random() LIMIT 2000`, [t, admin.id]);
  return { tenantId: t, adminEmail: admin.email, employeeIds: ids.map((r) => r.id) };
}

export async function benchCompetencies(db: DataSource, base: string, login: (identifier: string) => Promise<string>) {
  const started = Date.now();
  const agency = await buildAgency(db);
  const [{ entries }] = await db.query(`SELECT count(*)::int AS entries FROM competency_holding WHERE tenant_id = $1`, [agency.tenantId]);
  console.log(`  built ${EMPLOYEES} employees × ${TECHNICAL + 9} competencies, ${entries} held entries, in ${round((Date.now() - started) / 1000)} s`);
  const token = await login(agency.adminEmail);

  // The unit gap report for the whole agency (all 40 units), 20 times after one warm-up.
  const timings: number[] = [];
  for (let i = 0; i < 21; i++) {
    const t0 = process.hrtime.bigint();
    const res = await fetch(`${base}/api/v1/reports/gap-heatmap`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { cells: { employees: number }[] };
    if (res.status !== 200) throw new Error(`gap report answered ${res.status}`);
    if (i === 0) {
      const required = body.cells.reduce((n, c) => n + c.employees, 0);
      console.log(`  gap report: ${body.cells.length} cells over ${required} (employee, competency) requirements`);
      continue;
    }
    timings.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  timings.sort((a, b) => a - b);
  report({ name: 'gap_report_50000x30_p50', value: round(percentile(timings, 50)), unit: 'ms', budget: '< 500 ms' });
  report({ name: 'gap_report_50000x30_max', value: round(timings[timings.length - 1]), unit: 'ms' });

  // Ledger appends through the API: assessments for random employees, each with its own source.
  const [competency] = await db.query(`SELECT id FROM competency WHERE tenant_id = $1 ORDER BY code LIMIT 1`, [agency.tenantId]);
  let n = 0;
  const run = await autocannon({
    url: `${base}/api/v1/employees/${agency.employeeIds[0]}/ledger`,
    method: 'POST',
    connections: 16,
    duration: 10,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    requests: [
      {
        setupRequest: (req) => {
          n++;
          const employee = agency.employeeIds[n % agency.employeeIds.length];
          return {
            ...req,
            path: `/api/v1/employees/${employee}/ledger`,
            body: JSON.stringify({
              competencyId: competency.id,
              level: 1 + (n % 5),
              source: 'assessment',
              sourceRef: `BENCH-${n}`,
              occurredAt: new Date(Date.now() - 86_400_000).toISOString(),
            }),
          };
        },
      },
    ],
  });
  if (run.non2xx > 0) throw new Error(`ledger append bench saw ${run.non2xx} non-2xx answers`);
  report({ name: 'ledger_appends_http', value: round(run.requests.average, 0), unit: 'entries/s' });
  report({ name: 'ledger_append_latency_p50', value: run.latency.p50, unit: 'ms' });
  const [chains] = await db.query(
    `SELECT count(DISTINCT employee_id)::int AS employees, count(*)::int AS entries FROM ledger_entry WHERE tenant_id = $1 AND source = 'assessment'`,
    [agency.tenantId],
  );
  console.log(`  appended ${chains.entries} entries across ${chains.employees} employees`);
}
