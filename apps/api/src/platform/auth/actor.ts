import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { TenantRole } from '@mahir/competency';
import { Problem } from '../problem/problem';
import type { PortalSession } from './portal-sessions';

/** Who is calling, resolved from the access token by the access guard. */
export interface Actor {
  userId: string;
  /** The tenant this request acts in: the user's own, or for a super admin the X-Tenant-Id header. */
  tenantId: string | null;
  roles: TenantRole[];
  superAdmin: boolean;
  employeeId: string | null;
}

export interface RequestWithActor extends Request {
  actor?: Actor;
}

/** A portal page's request after the access guard: the actor and the session are set. */
export interface PortalRequest extends Request {
  actor: Actor;
  portal: PortalSession;
}

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor | undefined => {
  return ctx.switchToHttp().getRequest<RequestWithActor>().actor;
});

/** The tenant every tenant-scoped query filters on; a super admin must name one. */
export function tenantOf(actor: Actor): string {
  if (!actor.tenantId) throw new Problem(400, 'auth.tenantRequired');
  return actor.tenantId;
}

export function hasRole(actor: Actor, ...roles: TenantRole[]): boolean {
  return actor.superAdmin || roles.some((r) => actor.roles.includes(r));
}
