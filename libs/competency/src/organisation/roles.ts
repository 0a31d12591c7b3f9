/** Roles a user holds within one tenant. super_admin is global and kept apart. */
export const TENANT_ROLES = ['learner', 'supervisor', 'grader', 'training_admin', 'tenant_admin'] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];
export const SUPER_ADMIN = 'super_admin' as const;
export type Role = TenantRole | typeof SUPER_ADMIN;

export const EMPLOYEE_STATUSES = ['active', 'retired', 'transferred'] as const;
export type EmployeeStatus = (typeof EMPLOYEE_STATUSES)[number];
