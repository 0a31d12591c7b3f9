import { Inject, Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import type { TenantRole } from '@mahir/competency';
import { Employee, RefreshToken, UserAccount, UserRole, hashPassword } from '@mahir/persistence';
import { tenantOf, type Actor } from '../../platform';
import { AuditService } from '../../platform';
import { likePattern, pageOf, type PageQueryDto } from '../../platform';
import { Problem } from '../../platform';
import type { CreateUserDto } from './dto/user.dto';

const USER_VIEW = `
  SELECT u.id, u.email, u.nip, u.display_name AS "displayName", u.employee_id AS "employeeId",
         u.disabled_at AS "disabledAt", u.created_at AS "createdAt",
         COALESCE(array_agg(r.role ORDER BY r.role) FILTER (WHERE r.role IS NOT NULL), '{}') AS roles
  FROM user_account u LEFT JOIN user_role r ON r.user_id = u.id AND r.tenant_id = u.tenant_id`;

@Injectable()
export class UsersService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: PageQueryDto) {
    const tenantId = tenantOf(actor);
    const params: unknown[] = [tenantId];
    let filter = 'u.tenant_id = $1';
    if (query.q) {
      params.push(likePattern(query.q));
      filter += ` AND (lower(u.display_name) LIKE $2 OR u.email LIKE $2 OR u.nip LIKE $2)`;
    }
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM user_account u WHERE ${filter}`, params);
    const items = await this.db.query(
      `${USER_VIEW} WHERE ${filter} GROUP BY u.id ORDER BY u.display_name LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
      params,
    );
    return pageOf(items, total, query);
  }

  async get(actor: Actor, id: string) {
    const [user] = await this.db.query(`${USER_VIEW} WHERE u.tenant_id = $1 AND u.id = $2 GROUP BY u.id`, [tenantOf(actor), id]);
    if (!user) throw Problem.notFound('user.notFound');
    return user;
  }

  async create(actor: Actor, dto: CreateUserDto) {
    const tenantId = tenantOf(actor);
    const hash = await hashPassword(dto.password);
    const id = await this.db.transaction(async (tx) => {
      const employee = await tx.getRepository(Employee).findOneBy({ id: dto.employeeId, tenantId });
      if (!employee) throw Problem.field(422, 'employeeId', 'employee.notFound');
      const [clash] = await tx.query(
        `SELECT employee_id FROM user_account WHERE disabled_at IS NULL AND (employee_id = $1 OR email = $2 OR nip = $3)`,
        [employee.id, employee.email, employee.nip],
      );
      if (clash) throw Problem.conflict('user.exists', {}, 'employeeId');
      const [row] = await tx.query(
        `INSERT INTO user_account (tenant_id, employee_id, nip, email, display_name, password_hash)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id`,
        [tenantId, employee.id, employee.nip, employee.email, employee.fullName, hash],
      );
      if (!row) throw Problem.conflict('user.exists', {}, 'employeeId');
      await this.writeRoles(tx.query.bind(tx), row.id, tenantId, dto.roles, actor.userId);
      await this.audit.record(tx, actor, 'user.created', 'user', row.id, { employeeId: employee.id, roles: dto.roles });
      return row.id as string;
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
      const user = await tx.getRepository(UserAccount).findOne({ where: { id, tenantId }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw Problem.notFound('user.notFound');
      await tx.getRepository(UserRole).delete({ userId: id, tenantId });
      await this.writeRoles(tx.query.bind(tx), id, tenantId, roles, actor.userId);
      await this.audit.record(tx, actor, 'user.roles_set', 'user', id, { roles });
    });
    return this.get(actor, id);
  }

  async setDisabled(actor: Actor, id: string, disabled: boolean) {
    const tenantId = tenantOf(actor);
    if (id === actor.userId && disabled) throw Problem.field(422, 'disabled', 'auth.forbiddenRole');
    await this.db.transaction(async (tx) => {
      const user = await tx.getRepository(UserAccount).findOne({ where: { id, tenantId }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw Problem.notFound('user.notFound');
      await tx.getRepository(UserAccount).update({ id }, { disabledAt: disabled ? new Date() : null });
      if (disabled) await tx.getRepository(RefreshToken).update({ userId: id, revokedAt: IsNull() }, { revokedAt: new Date() });
      await this.audit.record(tx, actor, disabled ? 'user.disabled' : 'user.enabled', 'user', id);
    });
    return this.get(actor, id);
  }

  private async writeRoles(query: (sql: string, params: unknown[]) => Promise<unknown>, userId: string, tenantId: string, roles: TenantRole[], by: string) {
    if (!roles.length) return;
    await query(`INSERT INTO user_role (user_id, tenant_id, role, granted_by) SELECT $1, $2, unnest($3::text[]), $4`, [userId, tenantId, roles, by]);
  }
}
