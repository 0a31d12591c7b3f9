import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { AgencyTimeZone, EmployeeStatus } from '@mahir/competency';
import { Employee, Position, Tenant, Unit, sqlExec, sqlRows } from '@mahir/persistence';

/** An employee as the import compares it with a row of the file. */
export interface StoredEmployee {
  nip: string;
  email: string;
  full_name: string;
  unit_id: string;
  position_id: string;
  status: EmployeeStatus;
  supervisor_nip: string | null;
}

/** One row of the CSV format, as exported. */
export interface EmployeeCsvRow {
  nip: string;
  full_name: string;
  email: string;
  unit_code: string;
  position_code: string;
  supervisor_nip: string | null;
  status: EmployeeStatus;
}

/** A checked row of an import, ready to write. */
export interface ImportEmployeeRow {
  nip: string;
  fullName: string;
  email: string;
  unitId: string;
  positionId: string;
  supervisorNip: string | null;
  status: EmployeeStatus;
}

/**
 * The statements of the employee CSV import and export. The writes are set-based
 * (jsonb_to_recordset into a temporary table): a handful of statements for any row count.
 */
@Injectable()
export class EmployeesImportRepository {
  constructor(@InjectRepository(Employee) private readonly employees: Repository<Employee>) {}

  /** Raw SQL: employee CSV import budget (10,000 rows < 5 s): one advisory lock serialises a tenant's imports. */
  lockTenant(tenantId: string, manager: EntityManager): Promise<void> {
    return sqlExec(manager, `SELECT pg_advisory_xact_lock(hashtext('employee-import:' || $1))`, [tenantId]);
  }

  async unitIdsByCode(tenantId: string, manager: EntityManager): Promise<Map<string, string>> {
    const units = await manager.getRepository(Unit).find({ select: { id: true, code: true }, where: { tenantId } });
    return new Map(units.map((u) => [u.code, u.id]));
  }

  async positionIdsByCode(tenantId: string, manager: EntityManager): Promise<Map<string, string>> {
    const positions = await manager.getRepository(Position).find({ select: { id: true, code: true }, where: { tenantId } });
    return new Map(positions.map((p) => [p.code, p.id]));
  }

  /** Raw SQL: employee CSV import budget (10,000 rows < 5 s): every employee of the agency in one read. */
  stored(tenantId: string, manager: EntityManager): Promise<StoredEmployee[]> {
    return sqlRows<StoredEmployee>(
      manager,
      `SELECT nip, email, full_name, unit_id, position_id, status, (SELECT s.nip FROM employee s WHERE s.id = e.supervisor_id) AS supervisor_nip
       FROM employee e WHERE tenant_id = $1`,
      [tenantId],
    );
  }

  /** The agency's employees in the import format, by unit, name and NIP. */
  exportRows(tenantId: string): Promise<EmployeeCsvRow[]> {
    return this.employees
      .createQueryBuilder('e')
      .innerJoin(Unit, 'u', 'u.id = e.unit_id')
      .innerJoin(Position, 'p', 'p.id = e.position_id')
      .leftJoin(Employee, 's', 's.id = e.supervisor_id')
      .select(['e.nip AS nip', 'e.full_name AS full_name', 'e.email AS email', 'u.code AS unit_code', 'p.code AS position_code', 's.nip AS supervisor_nip', 'e.status AS status'])
      .where('e.tenant_id = :tenantId', { tenantId })
      .orderBy('u.code')
      .addOrderBy('e.full_name')
      .addOrderBy('e.nip')
      .getRawMany<EmployeeCsvRow>();
  }

  async timeZoneOf(tenantId: string, manager: EntityManager): Promise<AgencyTimeZone> {
    return (await manager.getRepository(Tenant).findOneByOrFail({ id: tenantId })).timeZone;
  }

  /**
   * Raw SQL: employee CSV import budget (10,000 rows < 5 s): the checked rows are upserted by NIP,
   * supervisors linked and placements closed and opened in set-based statements over a temporary table.
   */
  async writeBatch(tenantId: string, rows: ImportEmployeeRow[], today: string, recordedBy: string, manager: EntityManager): Promise<void> {
    await sqlExec(
      manager,
      `CREATE TEMP TABLE import_row ON COMMIT DROP AS
       SELECT r.nip, r."fullName" AS full_name, r.email, r."unitId"::uuid AS unit_id, r."positionId"::uuid AS position_id,
              r."supervisorNip" AS supervisor_nip, r.status,
              e.id AS old_id, e.unit_id AS old_unit, e.position_id AS old_position, e.version AS old_version
       FROM jsonb_to_recordset($1::jsonb) AS r(nip char(18), "fullName" text, email text, "unitId" text, "positionId" text, "supervisorNip" char(18), status text)
       LEFT JOIN employee e ON e.tenant_id = $2 AND e.nip = r.nip`,
      [JSON.stringify(rows), tenantId],
    );
    // NIPs as char(18) like employee.nip, so joins on NIP use the (tenant_id, nip) index instead of
    // comparing as text; and statistics, so the planner knows the table holds thousands of rows.
    await sqlExec(manager, `ANALYZE import_row`);
    await sqlExec(
      manager,
      `INSERT INTO employee (tenant_id, nip, full_name, email, unit_id, position_id, status)
       SELECT $1, nip, full_name, email, unit_id, position_id, status FROM import_row
       ON CONFLICT (tenant_id, nip) DO UPDATE SET
         full_name = EXCLUDED.full_name, email = EXCLUDED.email, unit_id = EXCLUDED.unit_id,
         position_id = EXCLUDED.position_id, status = EXCLUDED.status,
         version = employee.version + 1, updated_at = now()
       WHERE (employee.full_name, employee.email, employee.unit_id, employee.position_id, employee.status)
         IS DISTINCT FROM (EXCLUDED.full_name, EXCLUDED.email, EXCLUDED.unit_id, EXCLUDED.position_id, EXCLUDED.status)`,
      [tenantId],
    );
    // Fresh statistics after a bulk upsert: foreign-key checks below reuse plans made when the table
    // was small (a first onboarding), and a sequential scan per checked row made 10,000 rows take seconds.
    await sqlExec(manager, `ANALYZE employee`);
    // A new supervisor is a change too: bump the version unless the upsert above already did.
    await sqlExec(
      manager,
      `UPDATE employee e SET supervisor_id = s.id, updated_at = now(),
         version = CASE WHEN e.version = r.old_version THEN e.version + 1 ELSE e.version END
       FROM import_row r LEFT JOIN employee s ON s.tenant_id = $1 AND s.nip = r.supervisor_nip
       WHERE e.tenant_id = $1 AND e.nip = r.nip AND e.supervisor_id IS DISTINCT FROM s.id`,
      [tenantId],
    );
    // Placement history: close the open placement of every moved employee, open one for moved and new.
    await sqlExec(
      manager,
      `UPDATE employee_placement p SET valid_to = GREATEST($2::date, p.valid_from)
       FROM import_row r WHERE p.tenant_id = $1 AND p.employee_id = r.old_id AND p.valid_to IS NULL
         AND (r.unit_id, r.position_id) IS DISTINCT FROM (r.old_unit, r.old_position)`,
      [tenantId, today],
    );
    await sqlExec(
      manager,
      `INSERT INTO employee_placement (tenant_id, employee_id, unit_id, position_id, valid_from, reason, recorded_by)
       SELECT $1, e.id, r.unit_id, r.position_id, $2::date, CASE WHEN r.old_id IS NULL THEN 'hire' ELSE 'import' END, $3
       FROM import_row r JOIN employee e ON e.tenant_id = $1 AND e.nip = r.nip
       WHERE r.old_id IS NULL OR (r.unit_id, r.position_id) IS DISTINCT FROM (r.old_unit, r.old_position)`,
      [tenantId, today, recordedBy],
    );
  }
}
