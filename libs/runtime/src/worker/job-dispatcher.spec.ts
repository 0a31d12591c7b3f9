import type { Job } from 'bullmq';
import pino from 'pino';
import type { JobPayloads } from '@mahir/jobs';
import { JobDispatcher } from './job-dispatcher';
import type { AnyJobHandler } from './job-handler';

interface LogLine {
  level: number;
  msg: string;
  job?: string;
}

function capturingLogger() {
  const lines: LogLine[] = [];
  return { lines, logger: pino({}, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) }) };
}

const job = (name: string, data: unknown) => ({ name, data }) as Job;

describe('JobDispatcher', () => {
  const seen: unknown[] = [];
  const handlers: AnyJobHandler[] = [
    { job: 'attempt.submitted', handle: (data: JobPayloads['attempt.submitted']) => Promise.resolve((seen.push(data), 'graded')) },
    { job: 'certificate.requested', handle: (data: JobPayloads['certificate.requested']) => Promise.resolve(data.enrollmentId) },
    { job: 'reminders.sweep', everyMs: 3600_000, handle: () => Promise.resolve('swept') },
  ];

  it("runs each job with its name's handler and lists the queues to consume", async () => {
    const dispatcher = new JobDispatcher(handlers, capturingLogger().logger);
    const data = { tenantId: 't', attemptId: 'a', eventId: 'e' };
    await expect(dispatcher.dispatch(job('attempt.submitted', data))).resolves.toBe('graded');
    expect(seen).toEqual([data]);
    await expect(dispatcher.dispatch(job('certificate.requested', { tenantId: 't', enrollmentId: 'n', eventId: 'e' }))).resolves.toBe('n');
    expect(dispatcher.queues()).toEqual(['certificates', 'grading', 'reminders']);
    expect(dispatcher.handlers().filter((h) => h.everyMs).map((h) => h.job)).toEqual(['reminders.sweep']);
  });

  it('fails a job no handler knows, and says so in the log, instead of completing it', async () => {
    const { lines, logger } = capturingLogger();
    const dispatcher = new JobDispatcher(handlers, logger);
    await expect(dispatcher.dispatch(job('enrollment.progressed', {}))).rejects.toThrow('no handler for job enrollment.progressed');
    await expect(dispatcher.dispatch(job('from.a.newer.release', {}))).rejects.toThrow('no handler for job from.a.newer.release');
    expect(lines.filter((l) => l.level === 50).map((l) => l.job)).toEqual(['enrollment.progressed', 'from.a.newer.release']);
  });

  it('refuses two handlers for one job', () => {
    expect(() => new JobDispatcher([handlers[0], handlers[0]], capturingLogger().logger)).toThrow('two handlers for job attempt.submitted');
  });
});
