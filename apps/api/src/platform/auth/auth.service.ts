import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import type { TenantRole } from '@mahir/competency';
import { RefreshToken, UserAccount, UserRole, dummyPasswordHash, hashPassword, verifyPassword } from '@mahir/persistence';
import { API_CONFIG, type ApiConfigValue } from '../../api-config';
import { AuditService } from '../audit/audit.service';
import { Problem } from '../problem/problem';
import { AccountsRepository, type AccountSummary } from './accounts.repository';
import type { Actor } from './actor';
import { LoginRateLimiter } from './login-rate-limiter';
import { TokenService } from './token.service';

export interface TokenPair {
  tokenType: 'Bearer';
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  user: { id: string; displayName: string; tenantId: string | null; roles: TenantRole[]; superAdmin: boolean };
}

export interface ClientInfo {
  ip: string;
  userAgent: string | null;
}

@Injectable()
export class AuthService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(API_CONFIG) private readonly config: ApiConfigValue,
    private readonly tokens: TokenService,
    private readonly limiter: LoginRateLimiter,
    private readonly audit: AuditService,
    private readonly accounts: AccountsRepository,
  ) {}

  async login(identifier: string, password: string, client: ClientInfo): Promise<TokenPair> {
    const user = await this.authenticate(identifier, password, client);
    return this.db.transaction((tx) => this.issue(tx, user, randomUUID(), client));
  }

  /**
   * Checks a sign-in name and password under the login rate limits: the account, or a
   * 401/403/429 problem. The JSON login issues tokens after it; the portal opens a session.
   */
  async authenticate(identifier: string, password: string, client: ClientInfo): Promise<UserAccount> {
    const name = identifier.trim().toLowerCase();
    const byNip = /^\d{18}$/.test(name);
    const user = await this.db
      .getRepository(UserAccount)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where(byNip ? 'u.nip = :name' : 'u.email = :name', { name })
      .andWhere('u.disabled_at IS NULL')
      .getOne();
    // Failures count per account, whichever of its names (NIP or e-mail) was typed.
    const account = user?.id ?? name;
    await this.limiter.admit(client.ip, account);
    // Verify against a dummy hash when there is no such account, so timing reveals nothing.
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
    if (!user || !ok) {
      await this.limiter.failed(account);
      throw new Problem(401, 'auth.invalidCredentials');
    }
    if (!(await this.employeeActive(this.db.manager, user))) throw new Problem(403, 'auth.accountDisabled');
    await this.limiter.succeeded(account);
    return user;
  }

  /**
   * Rotates a refresh token. A token already used is a replay: its whole family is
   * revoked (committed), and the caller gets 401.
   */
  async refresh(presented: string, client: ClientInfo): Promise<TokenPair> {
    const parsed = this.tokens.parseRefresh(presented);
    if (!parsed) throw new Problem(401, 'auth.refreshInvalid');
    const outcome = await this.db.transaction(async (tx) => {
      const token = await tx
        .getRepository(RefreshToken)
        .createQueryBuilder('t')
        .setLock('pessimistic_write')
        .where('t.id = :id', { id: parsed.id })
        .getOne();
      if (!token || !this.tokens.secretMatches(parsed.secret, token.secretHash)) return 'invalid' as const;
      if (token.revokedAt || token.expiresAt.getTime() <= Date.now()) return 'invalid' as const;
      if (token.usedAt) {
        await this.revokeFamily(tx, token.familyId);
        const user = await tx.getRepository(UserAccount).findOneBy({ id: token.userId });
        await this.audit.record(tx, { tenantId: user?.tenantId ?? null, actorUserId: token.userId }, 'auth.refresh_replayed', 'user', token.userId, {
          familyId: token.familyId,
          ip: client.ip,
        });
        return 'replayed' as const;
      }
      await tx.getRepository(RefreshToken).update({ id: token.id }, { usedAt: new Date() });
      const user = await tx.getRepository(UserAccount).findOneBy({ id: token.userId, disabledAt: IsNull() });
      // A retired or transferred employee's sessions end with their next refresh.
      if (!user || !(await this.employeeActive(tx, user))) {
        await this.revokeFamily(tx, token.familyId);
        return 'invalid' as const;
      }
      return this.issue(tx, user, token.familyId, client);
    });
    if (outcome === 'invalid') throw new Problem(401, 'auth.refreshInvalid');
    if (outcome === 'replayed') throw new Problem(401, 'auth.refreshReplayed');
    return outcome;
  }

  /** Ends the session the refresh token belongs to (its whole family). */
  async logout(actor: Actor, presented: string): Promise<void> {
    const parsed = this.tokens.parseRefresh(presented);
    if (!parsed) throw new Problem(401, 'auth.refreshInvalid');
    await this.db.transaction(async (tx) => {
      const token = await tx.getRepository(RefreshToken).findOneBy({ id: parsed.id, userId: actor.userId });
      if (!token || !this.tokens.secretMatches(parsed.secret, token.secretHash)) throw new Problem(401, 'auth.refreshInvalid');
      await this.revokeFamily(tx, token.familyId);
    });
  }

  async changePassword(actor: Actor, current: string, next: string, client: ClientInfo): Promise<void> {
    // Guessing the current password with a stolen access token counts as failed logins.
    await this.limiter.admit(client.ip, actor.userId);
    const user = await this.db
      .getRepository(UserAccount)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.id = :id', { id: actor.userId })
      .getOne();
    if (!user) throw new Problem(401, 'auth.tokenInvalid');
    if (!(await verifyPassword(user.passwordHash, current))) {
      await this.limiter.failed(actor.userId);
      throw Problem.field(400, 'currentPassword', 'auth.wrongPassword');
    }
    if (current === next) throw Problem.field(400, 'newPassword', 'auth.samePassword');
    const hash = await hashPassword(next);
    await this.db.transaction(async (tx) => {
      await tx.getRepository(UserAccount).update({ id: user.id }, { passwordHash: hash, passwordChangedAt: new Date() });
      // Every other session ends with the old password.
      await tx.getRepository(RefreshToken).update({ userId: user.id, revokedAt: IsNull() }, { revokedAt: new Date() });
      await this.audit.record(tx, actor, 'auth.password_changed', 'user', user.id);
    });
  }

  /** The signed-in user as GET /auth/me shows it. */
  async me(actor: Actor) {
    const user = await this.accounts.account(actor.userId);
    return {
      id: user.id,
      displayName: user.displayName,
      email: user.email,
      nip: user.nip,
      tenantId: actor.tenantId,
      employeeId: user.employeeId,
      roles: actor.roles,
      superAdmin: actor.superAdmin,
    };
  }

  /** The account page's summary: name, e-mail, NIP and agency. */
  accountSummary(userId: string): Promise<AccountSummary | null> {
    return this.accounts.summary(userId);
  }

  /** A login that belongs to an employee works only while that employee is active. */
  private async employeeActive(db: EntityManager, user: UserAccount): Promise<boolean> {
    if (!user.employeeId) return true;
    return (await this.accounts.employeeStatus(user.employeeId, db)) === 'active';
  }

  private async revokeFamily(tx: EntityManager, familyId: string): Promise<void> {
    await tx.getRepository(RefreshToken).update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  private async issue(tx: EntityManager, user: UserAccount, familyId: string, client: ClientInfo): Promise<TokenPair> {
    const roles = user.tenantId
      ? (await tx.getRepository(UserRole).findBy({ userId: user.id, tenantId: user.tenantId })).map((r) => r.role)
      : [];
    const refresh = this.tokens.newRefreshSecret();
    await tx.getRepository(RefreshToken).insert({
      id: refresh.id,
      userId: user.id,
      familyId,
      secretHash: refresh.hash,
      expiresAt: new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_SECONDS * 1000),
      createdIp: client.ip,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
    });
    const subject = { userId: user.id, tenantId: user.tenantId, roles, superAdmin: user.isSuperAdmin, employeeId: user.employeeId };
    return {
      tokenType: 'Bearer',
      accessToken: await this.tokens.signAccess(subject),
      expiresIn: this.tokens.accessTtl,
      refreshToken: refresh.token,
      user: { id: user.id, displayName: user.displayName, tenantId: user.tenantId, roles, superAdmin: user.isSuperAdmin },
    };
  }
}
