import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { localDate } from '@mahir/competency';
import { tenantOf, type Actor } from '../../platform';
import { AuditService } from '../../platform';
import { pageOf } from '../../platform';
import { Problem } from '../../platform';
import type { CreateEmployeeDto, EmployeeQueryDto, TransferEmployeeDto, UpdateEmployeeDto } from './dto/employee.dto';
import { EmployeeVisibility } from './employee-visibility.service';
import { EmployeesRepository, type EmployeeView } from './employees.repository';

@Injectable()
export class EmployeesService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly repo: EmployeesRepository,
    private readonly audit: AuditService,
    private readonly visibility: EmployeeVisibility,
  ) {}

  async list(actor: Actor, query: EmployeeQueryDto) {
    const [items, total] = await this.repo.page(actor, tenantOf(actor), query);
    return pageOf(items, total, query);
  }

  /** Not visible is answered as not found, so ids of others cannot be probed. */
  async get(actor: Actor, id: string): Promise<EmployeeView> {
    const tenantId = tenantOf(actor);
    await this.visibility.require(actor, id);
    const employee = await this.repo.view(tenantId, id);
    if (!employee) throw Problem.notFound('employee.notFound');
    return employee;
  }

  async placements(actor: Actor, id: string) {
    const tenantId = tenantOf(actor);
    await this.visibility.require(actor, id);
    return this.repo.placements(tenantId, id);
  }

  async create(actor: Actor, dto: CreateEmployeeDto) {
    const tenantId = tenantOf(actor);
    const id = await this.db.transaction(async (tx) => {
      await this.requireUnitAndPosition(tx, tenantId, dto.unitId, dto.positionId);
      if (dto.supervisorId) await this.requireSupervisor(tx, tenantId, dto.supervisorId, null);
      await this.requireFreeEmail(tx, tenantId, dto.email, null);
      const employeeId = await this.repo.insertIfNipFree(
        { tenantId, nip: dto.nip, fullName: dto.fullName, email: dto.email, unitId: dto.unitId, positionId: dto.positionId, supervisorId: dto.supervisorId ?? null },
        tx,
      );
      if (!employeeId) throw Problem.conflict('employee.nipTaken', { nip: dto.nip }, 'nip');
      const today = dto.startDate ?? (await this.today(tx, tenantId));
      await this.repo.insertPlacement(
        { tenantId, employeeId, unitId: dto.unitId, positionId: dto.positionId, validFrom: today, reason: 'hire', recordedBy: actor.userId },
        tx,
      );
      await this.audit.record(tx, actor, 'employee.created', 'employee', employeeId, { nip: dto.nip });
      return employeeId;
    });
    return this.get(actor, id);
  }

  async update(actor: Actor, id: string, dto: UpdateEmployeeDto) {
    const tenantId = tenantOf(actor);
    await this.db.transaction(async (tx) => {
      const employee = await this.repo.lockById(tenantId, id, tx);
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
      await this.repo.save(employee, tx);
      await this.audit.record(tx, actor, 'employee.updated', 'employee', id, { ...changes });
    });
    return this.get(actor, id);
  }

  /** Moves an employee to another unit and/or position; the old placement is closed, not overwritten. */
  async transfer(actor: Actor, id: string, dto: TransferEmployeeDto) {
    const tenantId = tenantOf(actor);
    await this.db.transaction(async (tx) => {
      const employee = await this.repo.lockById(tenantId, id, tx);
      if (!employee) throw Problem.notFound('employee.notFound');
      const unitId = dto.unitId ?? employee.unitId;
      const positionId = dto.positionId ?? employee.positionId;
      if (unitId === employee.unitId && positionId === employee.positionId) throw Problem.field(422, 'unitId', 'employee.sameplacement');
      await this.requireUnitAndPosition(tx, tenantId, unitId, positionId);
      const effective = dto.effectiveDate ?? (await this.today(tx, tenantId));
      const current = await this.repo.openPlacement(tenantId, id, tx);
      if (current) {
        if (effective < current.validFrom) throw Problem.field(422, 'effectiveDate', 'rule.min', { min: current.validFrom });
        await this.repo.closePlacement(current.id, effective, tx);
      }
      await this.repo.insertPlacement({ tenantId, employeeId: id, unitId, positionId, validFrom: effective, reason: 'transfer', recordedBy: actor.userId }, tx);
      employee.unitId = unitId;
      employee.positionId = positionId;
      await this.repo.save(employee, tx);
      await this.audit.record(tx, actor, 'employee.transferred', 'employee', id, { unitId, positionId, effectiveDate: effective });
    });
    return this.get(actor, id);
  }

  private async requireUnitAndPosition(tx: EntityManager, tenantId: string, unitId: string, positionId: string) {
    if (!(await this.repo.unitExists(tenantId, unitId, tx))) throw Problem.field(422, 'unitId', 'unit.notFound');
    if (!(await this.repo.positionExists(tenantId, positionId, tx))) throw Problem.field(422, 'positionId', 'position.notFound');
  }

  private async requireSupervisor(tx: EntityManager, tenantId: string, supervisorId: string, employeeId: string | null) {
    if (supervisorId === employeeId) throw Problem.field(422, 'supervisorId', 'employee.supervisorSelf');
    if (!(await this.repo.exists(tenantId, supervisorId, tx))) {
      throw Problem.field(422, 'supervisorId', 'employee.supervisorNotFound');
    }
    if (employeeId && (await this.repo.isAboveOrSelf(tenantId, employeeId, supervisorId, tx))) {
      throw Problem.field(422, 'supervisorId', 'employee.supervisorCycle');
    }
  }

  private async requireFreeEmail(tx: EntityManager, tenantId: string, email: string, exceptId: string | null) {
    if (await this.repo.emailTaken(tenantId, email, exceptId, tx)) throw Problem.conflict('employee.emailTaken', { email }, 'email');
  }

  private async today(tx: EntityManager, tenantId: string): Promise<string> {
    return localDate(new Date(), await this.repo.timeZoneOf(tenantId, tx));
  }
}
