import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { localDate, type AgencyTimeZone } from '@mahir/competency';
import { Employee, EmployeePlacement, Position, Tenant, Unit } from '@mahir/persistence';
import { tenantOf, type Actor } from '../../platform';
import { AuditService } from '../../platform';
import { EmployeeVisibility, visibleEmployeesFilter } from './employee-visibility';
import { likePattern, pageOf } from '../../platform';
import { Problem } from '../../platform';
import type { CreateEmployeeDto, EmployeeQueryDto, TransferEmployeeDto, UpdateEmployeeDto } from './dto/employee.dto';

/** The employee as the API shows it, with unit, position and supervisor named. */
const VIEW_SQL = `
  SELECT e.id, e.nip, e.full_name AS "fullName", e.email, e.status, e.version,
         e.created_at AS "createdAt", e.updated_at AS "updatedAt",
         json_build_object('id', u.id, 'code', u.code, 'name', u.name) AS unit,
         json_build_object('id', p.id, 'code', p.code, 'name', p.name, 'positionClass', p.position_class) AS position,
         CASE WHEN s.id IS NULL THEN NULL ELSE json_build_object('id', s.id, 'nip', s.nip, 'fullName', s.full_name) END AS supervisor
  FROM employee e
  JOIN unit u ON u.id = e.unit_id
  JOIN position p ON p.id = e.position_id
  LEFT JOIN employee s ON s.id = e.supervisor_id`;


@Injectable()
export class EmployeesService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly visibility: EmployeeVisibility,
  ) {}

  async list(actor: Actor, query: EmployeeQueryDto) {
    const tenantId = tenantOf(actor);
    const params: unknown[] = [tenantId];
    const where = ['e.tenant_id = $1'];
    const add = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const visible = visibleEmployeesFilter(actor, 'e.id', add);
    const cte = visible.cte;
    if (visible.where) where.push(visible.where);
    if (query.q) {
      const q = add(likePattern(query.q));
      where.push(`(lower(e.full_name) LIKE ${q} OR e.nip LIKE ${q} OR e.email LIKE ${q})`);
    }
    if (query.unitId) {
      const unit = add(query.unitId);
      where.push(
        query.includeSubunits
          ? `e.unit_id IN (WITH RECURSIVE sub(id) AS (SELECT id FROM unit WHERE tenant_id = $1 AND id = ${unit}
               UNION SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id) SELECT id FROM sub)`
          : `e.unit_id = ${unit}`,
      );
    }
    if (query.positionId) where.push(`e.position_id = ${add(query.positionId)}`);
    if (query.status) where.push(`e.status = ${add(query.status)}`);
    const filter = where.join(' AND ');
    // The page of ids first (served by the (tenant_id, full_name, nip) index), then the joins
    // for those rows only: the list stays fast for agencies of tens of thousands.
    const withPage = `${cte ? `${cte},` : 'WITH'} page AS (
      SELECT e.id FROM employee e WHERE ${filter}
      ORDER BY e.full_name, e.nip LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize})`;
    const [[{ total }], items] = await Promise.all([
      this.db.query(`${cte} SELECT count(*)::int AS total FROM employee e WHERE ${filter}`, params),
      this.db.query(`${withPage} ${VIEW_SQL} JOIN page ON page.id = e.id ORDER BY e.full_name, e.nip`, params),
    ]);
    return pageOf(items, total, query);
  }

  /** Not visible is answered as not found, so ids of others cannot be probed. */
  async get(actor: Actor, id: string) {
    const tenantId = tenantOf(actor);
    await this.visibility.require(actor, id);
    const [row] = await this.db.query(`${VIEW_SQL} WHERE e.tenant_id = $1 AND e.id = $2`, [tenantId, id]);
    if (!row) throw Problem.notFound('employee.notFound');
    return row;
  }

  async placements(actor: Actor, id: string) {
    const tenantId = tenantOf(actor);
    await this.visibility.require(actor, id);
    return this.db.query(
      // Calendar dates stay YYYY-MM-DD text: as Date objects they would shift with the server's zone.
      `SELECT pl.id, to_char(pl.valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(pl.valid_to, 'YYYY-MM-DD') AS "validTo",
              pl.reason, pl.recorded_at AS "recordedAt",
              json_build_object('id', u.id, 'code', u.code, 'name', u.name) AS unit,
              json_build_object('id', p.id, 'code', p.code, 'name', p.name, 'positionClass', p.position_class) AS position
       FROM employee_placement pl JOIN unit u ON u.id = pl.unit_id JOIN position p ON p.id = pl.position_id
       WHERE pl.tenant_id = $1 AND pl.employee_id = $2 ORDER BY pl.valid_from DESC, pl.recorded_at DESC`,
      [tenantId, id],
    );
  }

  async create(actor: Actor, dto: CreateEmployeeDto) {
    const tenantId = tenantOf(actor);
    const id = await this.db.transaction(async (tx) => {
      await this.requireUnitAndPosition(tx, tenantId, dto.unitId, dto.positionId);
      if (dto.supervisorId) await this.requireSupervisor(tx, tenantId, dto.supervisorId, null);
      await this.requireFreeEmail(tx, tenantId, dto.email, null);
      const [row] = await tx.query(
        `INSERT INTO employee (tenant_id, nip, full_name, email, unit_id, position_id, supervisor_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (tenant_id, nip) DO NOTHING RETURNING id`,
        [tenantId, dto.nip, dto.fullName, dto.email, dto.unitId, dto.positionId, dto.supervisorId ?? null],
      );
      if (!row) throw Problem.conflict('employee.nipTaken', { nip: dto.nip }, 'nip');
      const today = dto.startDate ?? (await this.today(tx, tenantId));
      await tx.getRepository(EmployeePlacement).insert({
        tenantId, employeeId: row.id, unitId: dto.unitId, positionId: dto.positionId, validFrom: today, reason: 'hire', recordedBy: actor.userId,
      });
      await this.audit.record(tx, actor, 'employee.created', 'employee', row.id, { nip: dto.nip });
      return row.id as string;
    });
    return this.get(actor, id);
  }

  async update(actor: Actor, id: string, dto: UpdateEmployeeDto) {
    const tenantId = tenantOf(actor);
    await this.db.transaction(async (tx) => {
      const employee = await tx.getRepository(Employee).findOne({ where: { id, tenantId }, lock: { mode: 'pessimistic_write' } });
      if (!employee) throw Problem.notFound('employee.notFound');
      if (dto.version !== undefined && dto.version !== employee.version) {
        throw new Problem(409, 'employee.staleVersion', { current: employee.version }, [], { currentVersion: employee.version });
      }
      if (dto.supervisorId) await this.requireSupervisor(tx, tenantId, dto.supervisorId, id);
      if (dto.email && dto.email !== employee.email) await this.requireFreeEmail(tx, tenantId, dto.email, id);
      const { version: _version, ...sent } = dto;
      // A DTO instance carries every declared field, undefined when not sent: apply only what was sent.
      const changes = Object.fromEntries(Object.entries(sent).filter(([, v]) => v !== undefined));
      Object.assign(employee, changes);
      await tx.getRepository(Employee).save(employee);
      await this.audit.record(tx, actor, 'employee.updated', 'employee', id, { ...changes });
    });
    return this.get(actor, id);
  }

  /** Moves an employee to another unit and/or position; the old placement is closed, not overwritten. */
  async transfer(actor: Actor, id: string, dto: TransferEmployeeDto) {
    const tenantId = tenantOf(actor);
    await this.db.transaction(async (tx) => {
      const employee = await tx.getRepository(Employee).findOne({ where: { id, tenantId }, lock: { mode: 'pessimistic_write' } });
      if (!employee) throw Problem.notFound('employee.notFound');
      const unitId = dto.unitId ?? employee.unitId;
      const positionId = dto.positionId ?? employee.positionId;
      if (unitId === employee.unitId && positionId === employee.positionId) throw Problem.field(422, 'unitId', 'employee.sameplacement');
      await this.requireUnitAndPosition(tx, tenantId, unitId, positionId);
      const effective = dto.effectiveDate ?? (await this.today(tx, tenantId));
      const placements = tx.getRepository(EmployeePlacement);
      const current = await placements.createQueryBuilder('p').where('p.employee_id = :id AND p.valid_to IS NULL', { id }).getOne();
      if (current) {
        if (effective < current.validFrom) throw Problem.field(422, 'effectiveDate', 'rule.min', { min: current.validFrom });
        await placements.update({ id: current.id }, { validTo: effective });
      }
      await placements.insert({ tenantId, employeeId: id, unitId, positionId, validFrom: effective, reason: 'transfer', recordedBy: actor.userId });
      employee.unitId = unitId;
      employee.positionId = positionId;
      await tx.getRepository(Employee).save(employee);
      await this.audit.record(tx, actor, 'employee.transferred', 'employee', id, { unitId, positionId, effectiveDate: effective });
    });
    return this.get(actor, id);
  }

  private async requireUnitAndPosition(tx: EntityManager, tenantId: string, unitId: string, positionId: string) {
    if (!(await tx.getRepository(Unit).existsBy({ id: unitId, tenantId }))) throw Problem.field(422, 'unitId', 'unit.notFound');
    if (!(await tx.getRepository(Position).existsBy({ id: positionId, tenantId }))) throw Problem.field(422, 'positionId', 'position.notFound');
  }

  private async requireSupervisor(tx: EntityManager, tenantId: string, supervisorId: string, employeeId: string | null) {
    if (supervisorId === employeeId) throw Problem.field(422, 'supervisorId', 'employee.supervisorSelf');
    if (!(await tx.getRepository(Employee).existsBy({ id: supervisorId, tenantId }))) {
      throw Problem.field(422, 'supervisorId', 'employee.supervisorNotFound');
    }
    if (employeeId) {
      const [cycle] = await tx.query(
        `WITH RECURSIVE up(id, supervisor_id) AS (
           SELECT id, supervisor_id FROM employee WHERE tenant_id = $1 AND id = $2
           UNION SELECT e.id, e.supervisor_id FROM employee e JOIN up ON e.id = up.supervisor_id
         ) SELECT 1 FROM up WHERE id = $3 LIMIT 1`,
        [tenantId, supervisorId, employeeId],
      );
      if (cycle) throw Problem.field(422, 'supervisorId', 'employee.supervisorCycle');
    }
  }

  private async requireFreeEmail(tx: EntityManager, tenantId: string, email: string, exceptId: string | null) {
    const [taken] = await tx.query(`SELECT id FROM employee WHERE tenant_id = $1 AND email = $2 AND id IS DISTINCT FROM $3`, [tenantId, email, exceptId]);
    if (taken) throw Problem.conflict('employee.emailTaken', { email }, 'email');
  }

  private async today(tx: EntityManager, tenantId: string): Promise<string> {
    const tenant = await tx.getRepository(Tenant).findOneByOrFail({ id: tenantId });
    return localDate(new Date(), tenant.timeZone as AgencyTimeZone);
  }
}
