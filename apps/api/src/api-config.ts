import type { ApiConfig } from '@mahir/config';

/** The validated configuration, injected where needed instead of reading the environment. */
export const API_CONFIG = Symbol('API_CONFIG');
export type ApiConfigValue = ApiConfig;
