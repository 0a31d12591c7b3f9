import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../data-source';
import { appendLedgerEntries, appendLedgerEntry, LedgerRejection, verifyEmployeeChain, type AppendInput } from './ledger-writer';

/** appendLedgerEntries: several entries of one employee at once, by the same rules as appendLedgerEntry. */
describe('appendLedgerEntries', () => {
  let db: DataSource;
  let tenantId: string;
  let national: string[];
  let retired: string;

  beforeAll(async () => {
    db = await createDataSource({ url: process.env.DATABASE_URL!, poolSize: 2 }).initialize();
    const code = `L${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`;
    [{ id: tenantId }] = await db.query(`INSERT INTO tenant (code, name, time_zone) VALUES ($1, 'Instansi', 'WIT') RETURNING id`, [code]);
    national = (await db.query(`SELECT id FROM competency WHERE tenant_id IS NULL ORDER BY code LIMIT 3`)).map((r: { id: string }) => r.id);
    [{ id: retired }] = await db.query(`INSERT INTO competency (tenant_id, type, code, name, retired_at) VALUES ($1, 'teknis', 'TK.LAMA', 'Lama', now()) RETURNING id`, [tenantId]);
  });
  afterAll(() => db.destroy());

  let n = 0;
  async function employee(): Promise<string> {
    const [unit] = await db.query(`INSERT INTO unit (tenant_id, code, name) VALUES ($1, $2, 'Unit') RETURNING id`, [tenantId, `U${++n}`]);
    const [position] = await db.query(`INSERT INTO position (tenant_id, code, name, position_class) VALUES ($1, $2, 'Staf', 'pelaksana') RETURNING id`, [tenantId, `P${n}`]);
    const [e] = await db.query(
      `INSERT INTO employee (tenant_id, nip, full_name, email, unit_id, position_id) VALUES ($1, $2, 'Pegawai', $3, $4, $5) RETURNING id`,
      [tenantId, `19800101201001${String(1000 + n).slice(-4)}`, `p${n}@x.go.id`, unit.id, position.id],
    );
    return e.id;
  }

  const input = (employeeId: string, competencyId: string, level: 1 | 2 | 3, ref: string): AppendInput => ({
    tenantId, employeeId, competencyId, level, source: 'course_completion', sourceRef: ref, occurredAt: new Date(), validUntil: null, recordedBy: null,
  });

  it('chains the entries onto what was there, refreshes the holdings, and verifies', async () => {
    const employeeId = await employee();
    await db.transaction((tx) => appendLedgerEntry(tx, input(employeeId, national[0], 1, 'before')));
    const results = await db.transaction((tx) =>
      appendLedgerEntries(tx, [input(employeeId, national[0], 3, 'b:0'), input(employeeId, national[1], 2, 'b:1'), input(employeeId, national[2], 1, 'b:2')]),
    );
    expect(results.map((r) => [r.created, r.entry.sequence])).toEqual([[true, 2], [true, 3], [true, 4]]);
    expect(await verifyEmployeeChain(db.manager, tenantId, employeeId)).toMatchObject({ valid: true, length: 4 });
    const holdings = await db.query(`SELECT competency_id, level FROM competency_holding WHERE employee_id = $1 ORDER BY level DESC`, [employeeId]);
    expect(holdings).toEqual([{ competency_id: national[0], level: 3 }, { competency_id: national[1], level: 2 }, { competency_id: national[2], level: 1 }]);
  });

  it('returns sources already recorded as they are, and appends only the new ones', async () => {
    const employeeId = await employee();
    await db.transaction((tx) => appendLedgerEntries(tx, [input(employeeId, national[0], 2, 'r:0')]));
    const again = await db.transaction((tx) => appendLedgerEntries(tx, [input(employeeId, national[0], 2, 'r:0'), input(employeeId, national[1], 2, 'r:1')]));
    expect(again.map((r) => [r.created, r.entry.sequence])).toEqual([[false, 1], [true, 2]]);
    await expect(db.transaction((tx) => appendLedgerEntries(tx, [input(employeeId, national[0], 3, 'r:0')]))).rejects.toEqual(new LedgerRejection('sourceConflict'));
  });

  it('writes nothing when one entry is refused', async () => {
    const employeeId = await employee();
    await expect(
      db.transaction((tx) => appendLedgerEntries(tx, [input(employeeId, national[0], 2, 'x:0'), input(employeeId, retired, 2, 'x:1')])),
    ).rejects.toEqual(new LedgerRejection('competencyRetired'));
    expect(await db.query(`SELECT 1 FROM ledger_entry WHERE employee_id = $1`, [employeeId])).toEqual([]);
  });
});
