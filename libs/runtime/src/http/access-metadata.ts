import { SetMetadata } from '@nestjs/common';
import type { Role } from '@mahir/competency';

/**
 * Every route declares who may call it: @Public(), @Authenticated() or @Roles(...).
 * The API's access guard denies any route that declares nothing.
 */
export const ACCESS_KEY = 'mahir:access';
export type Access = { kind: 'public' } | { kind: 'authenticated' } | { kind: 'roles'; roles: Role[] } | { kind: 'portal'; roles: Role[] };

export const Public = () => SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies Access);
export const Authenticated = () => SetMetadata(ACCESS_KEY, { kind: 'authenticated' } satisfies Access);
export const Roles = (...roles: Role[]) => SetMetadata(ACCESS_KEY, { kind: 'roles', roles } satisfies Access);

/**
 * A page of the web portal: the caller is identified by the session cookie, not a bearer
 * token (the portal's own guard checks it and CSRF). No roles means any signed-in user.
 */
export const Portal = (...roles: Role[]) => SetMetadata(ACCESS_KEY, { kind: 'portal', roles } satisfies Access);
