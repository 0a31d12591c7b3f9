/** A dependency the process needs before it can serve: PostgreSQL, Redis, S3. */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<void>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
