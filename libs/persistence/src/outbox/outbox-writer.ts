import type { EntityManager } from 'typeorm';
import type { JobName, OutboxPayload } from '@mahir/jobs';

export interface OutboxMessage<N extends JobName = JobName> {
  name: N;
  tenantId: string | null;
  payload: OutboxPayload<N>;
}

/**
 * Writes events to the transactional outbox inside the caller's transaction, so an event exists
 * exactly when the state change it announces was committed. The row's id becomes the job's
 * `eventId` and its BullMQ job id. One statement for any number of events.
 */
export async function writeOutbox(tx: EntityManager, messages: readonly OutboxMessage[]): Promise<string[]> {
  if (messages.length === 0) return [];
  const rows: { id: string }[] = await tx.query(
    `INSERT INTO outbox_event (tenant_id, name, payload)
     SELECT m.tenant_id, m.name, m.payload FROM unnest($1::uuid[], $2::text[], $3::jsonb[]) WITH ORDINALITY AS m(tenant_id, name, payload, n)
     ORDER BY m.n RETURNING id`,
    [messages.map((m) => m.tenantId), messages.map((m) => m.name), messages.map((m) => JSON.stringify(m.payload))],
  );
  return rows.map((r) => r.id);
}

/** One event; see writeOutbox. */
export async function writeOutboxEvent<N extends JobName>(tx: EntityManager, name: N, tenantId: string | null, payload: OutboxPayload<N>): Promise<string> {
  const [id] = await writeOutbox(tx, [{ name, tenantId, payload } as OutboxMessage]);
  return id;
}
