import { DataSource } from 'typeorm';
import { createDataSource } from './data-source';
import { seedDemo, SUPER_ADMIN_LOGIN } from './seed/seed-demo';

/** Runs on the test database migrated by the Jest global setup. */
describe('persistence', () => {
  let db: DataSource;
  beforeAll(async () => {
    db = await createDataSource({ url: process.env.DATABASE_URL!, poolSize: 2 }).initialize();
  });
  afterAll(() => db.destroy());

  // Only the demo agencies' rows: other test files write to the same database at the same time.
  const DEMO = `(SELECT id FROM tenant WHERE code IN ('MANNA', 'GAYUNGAN', 'PLAJU', 'AMBON', 'MEDAN'))`;
  const counts = async () =>
    (
      await db.query(`
        SELECT (SELECT count(*) FROM tenant WHERE id IN ${DEMO})::int AS tenants,
               (SELECT count(*) FROM unit WHERE tenant_id IN ${DEMO})::int AS units,
               (SELECT count(*) FROM position WHERE tenant_id IN ${DEMO})::int AS positions,
               (SELECT count(*) FROM employee WHERE tenant_id IN ${DEMO})::int AS employees,
               (SELECT count(*) FROM course_catalog WHERE tenant_id IN ${DEMO})::int AS courses,
               (SELECT count(*) FROM employee_placement WHERE tenant_id IN ${DEMO})::int AS placements,
               (SELECT count(*) FROM user_account WHERE tenant_id IN ${DEMO} OR email = '${SUPER_ADMIN_LOGIN.email}')::int AS users,
               (SELECT count(*) FROM user_role WHERE tenant_id IN ${DEMO})::int AS roles`)
    )[0];

  it('loads the demo agencies once: a second run adds nothing', async () => {
    const before = await counts();
    const first = await seedDemo(db);
    const afterFirst = await counts();
    expect(afterFirst.tenants - before.tenants).toBe(5);
    expect(afterFirst.courses - before.courses).toBe(3); // the demo courses, published and in the catalog
    expect(afterFirst.employees - before.employees).toBe(first.employees);
    expect(afterFirst.placements - before.placements).toBe(first.employees);
    expect(afterFirst.users - before.users).toBe(26); // 25 demo logins + the super admin

    await seedDemo(db);
    expect(await counts()).toEqual(afterFirst);

    const unlinked = await db.query(
      `SELECT count(*)::int AS n FROM employee e JOIN tenant t ON t.id = e.tenant_id
       WHERE t.code IN ('MANNA','GAYUNGAN','PLAJU','AMBON','MEDAN') AND e.supervisor_id IS NULL`,
    );
    expect(unlinked[0].n).toBe(5); // only each agency's head has no supervisor
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the audit log in the database', async () => {
    await db.query(`INSERT INTO audit_log (action, target_type) VALUES ('test.append_only', 'test')`);
    await expect(db.query(`UPDATE audit_log SET action = 'x' WHERE action = 'test.append_only'`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM audit_log WHERE action = 'test.append_only'`)).rejects.toThrow(/append-only/);
    await expect(db.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    const [row] = await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'test.append_only'`);
    expect(row.n).toBe(1);
  });

  it('refuses an employee pointing at another agency’s unit, even if the code path forgets to check', async () => {
    const [a] = await db.query(`SELECT id FROM tenant WHERE code = 'AMBON'`);
    const [b] = await db.query(`SELECT id FROM tenant WHERE code = 'MEDAN'`);
    const [unitOfB] = await db.query(`SELECT id FROM unit WHERE tenant_id = $1 LIMIT 1`, [b.id]);
    const [positionOfA] = await db.query(`SELECT id FROM position WHERE tenant_id = $1 LIMIT 1`, [a.id]);
    await expect(
      db.query(
        `INSERT INTO employee (tenant_id, nip, full_name, email, unit_id, position_id) VALUES ($1, '198503152010011999', 'X', 'x@x.id', $2, $3)`,
        [a.id, unitOfB.id, positionOfA.id],
      ),
    ).rejects.toThrow(/foreign key/);
  });

  it('stores NIPs as 18-digit text only', async () => {
    const [a] = await db.query(`SELECT id FROM tenant WHERE code = 'AMBON'`);
    const [unit] = await db.query(`SELECT id FROM unit WHERE tenant_id = $1 LIMIT 1`, [a.id]);
    const [position] = await db.query(`SELECT id FROM position WHERE tenant_id = $1 LIMIT 1`, [a.id]);
    await expect(
      db.query(`INSERT INTO employee (tenant_id, nip, full_name, email, unit_id, position_id) VALUES ($1, '1.985e17', 'X', 'y@x.id', $2, $3)`, [
        a.id, unit.id, position.id,
      ]),
    ).rejects.toThrow(/check constraint/);
  });
});
