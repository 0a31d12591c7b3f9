import nodemailer, { type Transporter } from 'nodemailer';
import type { WorkerConfig } from '@mahir/config';

export interface OutgoingMail {
  from: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
}

/** Splits `Name <address>` (or a bare address) into its parts. */
export function parseSender(value: string): { name: string; address: string } {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(value);
  return match ? { name: match[1].trim(), address: match[2].trim() } : { name: 'Mahir', address: value.trim() };
}

/**
 * One pooled SMTP transport per worker (SMTP_URL). A refusal or a timeout rejects `send`;
 * the notification job then fails and BullMQ retries it with backoff.
 */
export class Mailer {
  private readonly transport: Transporter;
  readonly defaultSender: { name: string; address: string };

  constructor(config: Pick<WorkerConfig, 'SMTP_URL' | 'SMTP_TIMEOUT_MS' | 'MAIL_FROM'>) {
    const url = new URL(config.SMTP_URL);
    this.transport = nodemailer.createTransport({
      host: url.hostname,
      port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 25)),
      secure: url.protocol === 'smtps:',
      auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
      pool: true,
      maxConnections: 5,
      maxMessages: 500,
      // No silent retries inside the pool: a dropped connection fails the job, which BullMQ retries and the delivery row records.
      maxRequeues: 0,
      connectionTimeout: config.SMTP_TIMEOUT_MS,
      greetingTimeout: config.SMTP_TIMEOUT_MS,
      socketTimeout: config.SMTP_TIMEOUT_MS,
    });
    this.defaultSender = parseSender(config.MAIL_FROM);
  }

  /** Resolves with the server's message id once the server accepted the message. */
  async send(mail: OutgoingMail): Promise<string> {
    const info = await this.transport.sendMail({ ...mail, headers: { 'Auto-Submitted': 'auto-generated', ...mail.headers } });
    const rejected = info.rejected ?? [];
    if (rejected.length > 0) throw new Error(`SMTP refused ${rejected.join(', ')}`);
    return info.messageId;
  }

  close() {
    this.transport.close();
  }
}
