import { MigrationInterface, QueryRunner } from 'typeorm';

/** Employee lists are ordered by name within a tenant; this index serves ORDER BY … LIMIT directly. */
export class EmployeeListOrder1763900000000 implements MigrationInterface {
  name = 'EmployeeListOrder1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX employee_list_order_idx ON employee (tenant_id, full_name, nip)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX employee_list_order_idx`);
  }
}
