import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { EmployeeStatus, TenantRole } from '@mahir/competency';
import { Employee, Tenant, UserAccount, sqlRow } from '@mahir/persistence';

/** What a portal page needs to resume a session: the account, its roles here, and its employee's status. */
export interface SessionAccount {
  id: string;
  tenant_id: string | null;
  employee_id: string | null;
  is_super_admin: boolean;
  display_name: string;
  password_changed_ms: number;
  roles: TenantRole[];
  employee_status: EmployeeStatus | null;
}

/** The account page's summary of the signed-in user. */
export interface AccountSummary {
  displayName: string;
  email: string;
  nip: string | null;
  agency: string | null;
}

/** Reads of accounts for sign-in, sessions and the account page. */
@Injectable()
export class AccountsRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /**
   * Raw SQL: portal page budget (every page resumes its session; one round trip with the roles
   * aggregated, p95 of a page render well under 20 ms).
   */
  sessionAccount(userId: string): Promise<SessionAccount | null> {
    return sqlRow<SessionAccount>(
      this.db,
      `SELECT u.id, u.tenant_id, u.employee_id, u.is_super_admin, u.display_name,
              (extract(epoch FROM u.password_changed_at) * 1000)::float8 AS password_changed_ms,
              COALESCE(array_agg(r.role ORDER BY r.role) FILTER (WHERE r.role IS NOT NULL), '{}') AS roles,
              e.status AS employee_status
         FROM user_account u
         LEFT JOIN user_role r ON r.user_id = u.id AND r.tenant_id = u.tenant_id
         LEFT JOIN employee e ON e.id = u.employee_id
        WHERE u.id = $1 AND u.disabled_at IS NULL
        GROUP BY u.id, e.status`,
      [userId],
    );
  }

  tenantExists(tenantId: string): Promise<boolean> {
    return this.db.getRepository(Tenant).existsBy({ id: tenantId });
  }

  async employeeStatus(employeeId: string, manager: EntityManager = this.db.manager): Promise<EmployeeStatus | null> {
    const employee = await manager.getRepository(Employee).findOne({ select: { id: true, status: true }, where: { id: employeeId } });
    return employee?.status ?? null;
  }

  account(userId: string): Promise<UserAccount> {
    return this.db.getRepository(UserAccount).findOneByOrFail({ id: userId });
  }

  async summary(userId: string): Promise<AccountSummary | null> {
    const row = await this.db
      .getRepository(UserAccount)
      .createQueryBuilder('u')
      .leftJoin(Tenant, 't', 't.id = u.tenant_id')
      .select(['u.display_name AS "displayName"', 'u.email AS email', 'u.nip AS nip', 't.name AS agency'])
      .where('u.id = :id', { id: userId })
      .getRawOne<AccountSummary>();
    return row ?? null;
  }
}
