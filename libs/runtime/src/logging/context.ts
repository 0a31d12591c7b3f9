import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line should carry: the request or job it belongs to. */
export interface LogContext {
  requestId?: string;
  jobId?: string;
  queue?: string;
}

export const logContext = new AsyncLocalStorage<LogContext>();

export function currentRequestId(): string | undefined {
  return logContext.getStore()?.requestId;
}
