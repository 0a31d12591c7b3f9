import { SetMetadata } from '@nestjs/common';
import type { Role } from '@mahir/competency';

/**
 * Every route declares who may call it: @Public(), @Authenticated() or @Roles(...).
 * The API's access guard denies any route that declares nothing.
 */
export const ACCESS_KEY = 'mahir:access';
export type Access = { kind: 'public' } | { kind: 'authenticated' } | { kind: 'roles'; roles: Role[] };

export const Public = () => SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies Access);
export const Authenticated = () => SetMetadata(ACCESS_KEY, { kind: 'authenticated' } satisfies Access);
export const Roles = (...roles: Role[]) => SetMetadata(ACCESS_KEY, { kind: 'roles', roles } satisfies Access);
