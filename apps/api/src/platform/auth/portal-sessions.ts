import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type Redis from 'ioredis';
import { parse as parseCookies } from 'cookie';
import { REDIS } from '@mahir/runtime';
import { API_CONFIG, type ApiConfigValue } from '../../api-config';
import { AccountsRepository } from './accounts.repository';
import type { Actor } from './actor';

export const SESSION_COOKIE = 'mahir_session';
/** The pre-login CSRF token of the login form (double submit: cookie and hidden field must match). */
export const LOGIN_CSRF_COOKIE = 'mahir_login_csrf';

/** A flash message shown once on the next page (after a redirect). */
export interface Flash {
  kind: 'success' | 'error' | 'info';
  /** A portal message key and its parameters. */
  key: string;
  params?: Record<string, string | number>;
}

interface StoredSession {
  userId: string;
  csrf: string;
  createdAt: number;
  flash?: Flash[];
}

/** What the portal knows about the signed-in user for one request. */
export interface PortalSession {
  id: string;
  csrf: string;
  actor: Actor;
  displayName: string;
  flash: Flash[];
}

const key = (sessionId: string) => `mahir:portal:session:${createHash('sha256').update(sessionId).digest('hex')}`;
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/**
 * Portal sessions: a random id in an http-only cookie, the state in Redis (keyed by the
 * id's hash, so a Redis dump holds no usable cookie). Roles and the account's state are
 * read from PostgreSQL on every request, so a disabled account, a retired employee, a
 * changed password or a revoked role take effect on the next page.
 */
@Injectable()
export class PortalSessions {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly accounts: AccountsRepository,
    @Inject(API_CONFIG) private readonly config: ApiConfigValue,
  ) {}

  async create(res: Response, userId: string): Promise<void> {
    const id = randomBytes(32).toString('base64url');
    const stored: StoredSession = { userId, csrf: randomBytes(32).toString('base64url'), createdAt: Date.now() };
    await this.redis.set(key(id), JSON.stringify(stored), 'EX', this.config.PORTAL_SESSION_IDLE_SECONDS);
    res.cookie(SESSION_COOKIE, id, this.cookieOptions(this.config.PORTAL_SESSION_MAX_SECONDS));
  }

  /** The session of the request, or null when there is none or it has ended (the cookie is then cleared). */
  async resume(req: Request, res: Response): Promise<PortalSession | null> {
    const id = this.cookie(req, SESSION_COOKIE);
    if (!id || !SESSION_ID.test(id)) return null;
    const raw = await this.redis.get(key(id));
    const stored = raw ? (JSON.parse(raw) as StoredSession) : null;
    const ended = () => {
      res.clearCookie(SESSION_COOKIE, this.cookieOptions());
      return null;
    };
    if (!stored || Date.now() - stored.createdAt > this.config.PORTAL_SESSION_MAX_SECONDS * 1000) {
      if (stored) await this.redis.del(key(id));
      return ended();
    }
    const user = await this.accounts.sessionAccount(stored.userId);
    // A password changed after sign-in ends every session that used the old one.
    if (!user || (user.employee_id && user.employee_status !== 'active') || user.password_changed_ms > stored.createdAt) {
      await this.redis.del(key(id));
      return ended();
    }
    const flash = stored.flash ?? [];
    if (flash.length) {
      delete stored.flash;
      await this.redis.set(key(id), JSON.stringify(stored), 'EX', this.config.PORTAL_SESSION_IDLE_SECONDS);
    } else {
      await this.redis.expire(key(id), this.config.PORTAL_SESSION_IDLE_SECONDS);
    }
    return {
      id,
      csrf: stored.csrf,
      displayName: user.display_name,
      flash,
      actor: { userId: user.id, tenantId: user.tenant_id, roles: user.roles, superAdmin: user.is_super_admin, employeeId: user.employee_id },
    };
  }

  /** Queues a message for the next page this session shows. */
  async flash(sessionId: string, message: Flash): Promise<void> {
    const raw = await this.redis.get(key(sessionId));
    if (!raw) return;
    const stored = JSON.parse(raw) as StoredSession;
    stored.flash = [...(stored.flash ?? []), message].slice(-5);
    await this.redis.set(key(sessionId), JSON.stringify(stored), 'EX', this.config.PORTAL_SESSION_IDLE_SECONDS);
  }

  async destroy(req: Request, res: Response): Promise<void> {
    const id = this.cookie(req, SESSION_COOKIE);
    if (id && SESSION_ID.test(id)) await this.redis.del(key(id));
    res.clearCookie(SESSION_COOKIE, this.cookieOptions());
  }

  /** The login form's token: reuses the cookie's when present, so two open tabs both work. */
  loginCsrf(req: Request, res: Response): string {
    const existing = this.cookie(req, LOGIN_CSRF_COOKIE);
    if (existing && SESSION_ID.test(existing)) return existing;
    const token = randomBytes(32).toString('base64url');
    res.cookie(LOGIN_CSRF_COOKIE, token, this.cookieOptions(3600));
    return token;
  }

  loginCsrfMatches(req: Request, presented: unknown): boolean {
    return tokensMatch(this.cookie(req, LOGIN_CSRF_COOKIE), presented);
  }

  cookie(req: Request, name: string): string | undefined {
    const header = req.header('cookie');
    if (!header) return undefined;
    return parseCookies(header)[name];
  }

  private cookieOptions(maxAgeSeconds?: number) {
    return {
      httpOnly: true,
      secure: this.config.PORTAL_SECURE_COOKIES,
      sameSite: 'lax' as const,
      path: '/',
      ...(maxAgeSeconds ? { maxAge: maxAgeSeconds * 1000 } : {}),
    };
  }
}

/** Constant-time comparison of a CSRF token with what the form or header presented. */
export function tokensMatch(expected: string | undefined, presented: unknown): boolean {
  if (!expected || typeof presented !== 'string' || presented.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(expected), Buffer.from(presented));
}
