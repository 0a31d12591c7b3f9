import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { TenantRole } from '@mahir/competency';
import { API_CONFIG, type ApiConfigValue } from '../../api-config';

const ISSUER = 'mahir';
const AUDIENCE = 'mahir-api';

interface AccessClaims {
  tid: string | null;
  rol: TenantRole[];
  sa: boolean;
  emp: string | null;
}

export interface AccessSubject {
  userId: string;
  tenantId: string | null;
  roles: TenantRole[];
  superAdmin: boolean;
  employeeId: string | null;
}

/** Access tokens are short-lived HS256 JWTs; refresh tokens are `<id>.<secret>`, stored hashed. */
@Injectable()
export class TokenService {
  private readonly key: Uint8Array;

  constructor(@Inject(API_CONFIG) private readonly config: ApiConfigValue) {
    this.key = new TextEncoder().encode(config.JWT_SECRET);
  }

  get accessTtl(): number {
    return this.config.ACCESS_TOKEN_TTL_SECONDS;
  }

  signAccess(subject: AccessSubject): Promise<string> {
    const claims: AccessClaims = { tid: subject.tenantId, rol: subject.roles, sa: subject.superAdmin, emp: subject.employeeId };
    return new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(subject.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.config.ACCESS_TOKEN_TTL_SECONDS}s`)
      .sign(this.key);
  }

  async verifyAccess(token: string): Promise<AccessSubject | null> {
    try {
      const { payload } = await jwtVerify<AccessClaims>(token, this.key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
      if (!payload.sub || !Array.isArray(payload.rol)) return null;
      return { userId: payload.sub, tenantId: payload.tid ?? null, roles: payload.rol, superAdmin: payload.sa === true, employeeId: payload.emp ?? null };
    } catch {
      return null;
    }
  }

  newRefreshSecret(): { id: string; secret: string; hash: string; token: string } {
    const id = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    return { id, secret, hash: hashSecret(secret), token: `${id}.${secret}` };
  }

  /** Splits a presented refresh token; null when it is not even shaped like one. */
  parseRefresh(token: string): { id: string; secret: string } | null {
    const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(token);
    return match ? { id: match[1], secret: match[2] } : null;
  }

  secretMatches(secret: string, storedHash: string): boolean {
    const a = Buffer.from(hashSecret(secret), 'hex');
    const b = Buffer.from(storedHash, 'hex');
    return a.length === b.length && timingSafeEqual(a, b);
  }
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
