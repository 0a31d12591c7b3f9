import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type EntityManager, type Repository } from 'typeorm';
import type { TenantRole } from '@mahir/competency';
import { Employee, RefreshToken, UserAccount, UserRole } from '@mahir/persistence';
import { likePattern, type PageQueryDto } from '../../platform';

/** A login as the admin's list shows it, with its roles in this agency. */
export interface UserView {
  id: string;
  email: string;
  nip: string | null;
  displayName: string;
  employeeId: string | null;
  disabledAt: Date | null;
  createdAt: Date;
  roles: TenantRole[];
}

/** The logins of an agency and their roles. */
@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(UserAccount) private readonly accounts: Repository<UserAccount>) {}

  /** The user view: the account with its roles aggregated, one row per account. */
  private views(tenantId: string) {
    return this.accounts
      .createQueryBuilder('u')
      .leftJoin(UserRole, 'r', 'r.user_id = u.id AND r.tenant_id = u.tenant_id')
      .select([
        'u.id AS id',
        'u.email AS email',
        'u.nip AS nip',
        'u.display_name AS "displayName"',
        'u.employee_id AS "employeeId"',
        'u.disabled_at AS "disabledAt"',
        'u.created_at AS "createdAt"',
        `COALESCE(array_agg(r.role ORDER BY r.role) FILTER (WHERE r.role IS NOT NULL), '{}') AS roles`,
      ])
      .where('u.tenant_id = :tenantId', { tenantId })
      .groupBy('u.id');
  }

  async page(tenantId: string, query: PageQueryDto): Promise<[UserView[], number]> {
    const search = (qb: ReturnType<UsersRepository['views']>) =>
      query.q ? qb.andWhere('(lower(u.display_name) LIKE :q OR u.email LIKE :q OR u.nip LIKE :q)', { q: likePattern(query.q) }) : qb;
    const count = search(this.accounts.createQueryBuilder('u').where('u.tenant_id = :tenantId', { tenantId })).getCount();
    const items = search(this.views(tenantId))
      .orderBy('u.display_name')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .getRawMany<UserView>();
    const [total, rows] = await Promise.all([count, items]);
    return [rows, total];
  }

  async view(tenantId: string, id: string): Promise<UserView | null> {
    return (await this.views(tenantId).andWhere('u.id = :id', { id }).getRawOne<UserView>()) ?? null;
  }

  /** The agency's employee who is to get a login. */
  employee(tenantId: string, id: string, manager: EntityManager = this.accounts.manager): Promise<Employee | null> {
    return manager.getRepository(Employee).findOneBy({ id, tenantId });
  }

  /** The account, locked for the rest of the caller's transaction. */
  lockById(tenantId: string, id: string, manager: EntityManager): Promise<UserAccount | null> {
    return manager.getRepository(UserAccount).findOne({ where: { id, tenantId }, lock: { mode: 'pessimistic_write' } });
  }

  /** Whether an enabled login anywhere already has this employee, e-mail or NIP (they are unique across agencies). */
  loginExists(employeeId: string, email: string, nip: string, manager: EntityManager = this.accounts.manager): Promise<boolean> {
    const enabled = { disabledAt: IsNull() };
    return manager.getRepository(UserAccount).existsBy([{ ...enabled, employeeId }, { ...enabled, email }, { ...enabled, nip }]);
  }

  /** Inserts the account unless a unique key clashes (ON CONFLICT DO NOTHING); null then. */
  async insertIfFree(
    values: Pick<UserAccount, 'tenantId' | 'employeeId' | 'nip' | 'email' | 'displayName' | 'passwordHash'>,
    manager: EntityManager = this.accounts.manager,
  ): Promise<string | null> {
    const repo = manager.getRepository(UserAccount);
    const account = repo.create(values);
    // On a conflict no row comes back, and the entity gets no id.
    await repo.createQueryBuilder().insert().values(account).orIgnore().execute();
    return account.id || null;
  }

  async grantRoles(userId: string, tenantId: string, roles: TenantRole[], grantedBy: string, manager: EntityManager = this.accounts.manager): Promise<void> {
    if (!roles.length) return;
    await manager.getRepository(UserRole).insert(roles.map((role) => ({ userId, tenantId, role, grantedBy })));
  }

  async removeRoles(userId: string, tenantId: string, manager: EntityManager = this.accounts.manager): Promise<void> {
    await manager.getRepository(UserRole).delete({ userId, tenantId });
  }

  async setDisabledAt(id: string, disabledAt: Date | null, manager: EntityManager = this.accounts.manager): Promise<void> {
    await manager.getRepository(UserAccount).update({ id }, { disabledAt });
  }

  /** Ends every session of the account: its refresh tokens not yet revoked are revoked now. */
  async revokeRefreshTokens(userId: string, manager: EntityManager = this.accounts.manager): Promise<void> {
    await manager.getRepository(RefreshToken).update({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
