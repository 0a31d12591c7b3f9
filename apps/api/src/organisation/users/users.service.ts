import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TenantRole } from '@mahir/competency';
import { hashPassword } from '@mahir/persistence';
import { tenantOf, type Actor } from '../../platform';
import { AuditService } from '../../platform';
import { pageOf, type PageQueryDto } from '../../platform';
import { Problem } from '../../platform';
import type { CreateUserDto } from './dto/user.dto';
import { UsersRepository, type UserView } from './users.repository';

@Injectable()
export class UsersService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly repo: UsersRepository,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: PageQueryDto) {
    const [items, total] = await this.repo.page(tenantOf(actor), query);
    return pageOf(items, total, query);
  }

  async get(actor: Actor, id: string): Promise<UserView> {
    const user = await this.repo.view(tenantOf(actor), id);
    if (!user) throw Problem.notFound('user.notFound');
    return user;
  }

  async create(actor: Actor, dto: CreateUserDto) {
    const tenantId = tenantOf(actor);
    const hash = await hashPassword(dto.password);
    const id = await this.db.transaction(async (tx) => {
      const employee = await this.repo.employee(tenantId, dto.employeeId, tx);
      if (!employee) throw Problem.field(422, 'employeeId', 'employee.notFound');
      if (await this.repo.loginExists(employee.id, employee.email, employee.nip, tx)) throw Problem.conflict('user.exists', {}, 'employeeId');
      const userId = await this.repo.insertIfFree(
        { tenantId, employeeId: employee.id, nip: employee.nip, email: employee.email, displayName: employee.fullName, passwordHash: hash },
        tx,
      );
      if (!userId) throw Problem.conflict('user.exists', {}, 'employeeId');
      await this.repo.grantRoles(userId, tenantId, dto.roles, actor.userId, tx);
      await this.audit.record(tx, actor, 'user.created', 'user', userId, { employeeId: employee.id, roles: dto.roles });
      return userId;
    });
    return this.get(actor, id);
  }

  async setRoles(actor: Actor, id: string, roles: TenantRole[]) {
    const tenantId = tenantOf(actor);
    if (id === actor.userId && !actor.superAdmin && !roles.includes('tenant_admin')) {
      // Nobody removes their own admin role: an agency must not lock itself out.
      throw Problem.field(422, 'roles', 'auth.forbiddenRole');
    }
    await this.db.transaction(async (tx) => {
      const user = await this.repo.lockById(tenantId, id, tx);
      if (!user) throw Problem.notFound('user.notFound');
      await this.repo.removeRoles(id, tenantId, tx);
      await this.repo.grantRoles(id, tenantId, roles, actor.userId, tx);
      await this.audit.record(tx, actor, 'user.roles_set', 'user', id, { roles });
    });
    return this.get(actor, id);
  }

  async setDisabled(actor: Actor, id: string, disabled: boolean) {
    const tenantId = tenantOf(actor);
    if (id === actor.userId && disabled) throw Problem.field(422, 'disabled', 'auth.forbiddenRole');
    await this.db.transaction(async (tx) => {
      const user = await this.repo.lockById(tenantId, id, tx);
      if (!user) throw Problem.notFound('user.notFound');
      await this.repo.setDisabledAt(id, disabled ? new Date() : null, tx);
      if (disabled) await this.repo.revokeRefreshTokens(id, tx);
      await this.audit.record(tx, actor, disabled ? 'user.disabled' : 'user.enabled', 'user', id);
    });
    return this.get(actor, id);
  }
}
