import { LedgerRejection } from '@mahir/persistence';
import { Problem } from '../../platform';

/** How each ledger rule is told to the caller: status, field and message. */
export function toProblem(error: unknown, sourceRef?: string): unknown {
  if (!(error instanceof LedgerRejection)) return error;
  switch (error.reason) {
    case 'competencyUnknown':
      return Problem.field(422, 'competencyId', 'competency.notFound');
    case 'competencyRetired':
      return Problem.field(422, 'competencyId', 'competency.retired');
    case 'occurredInFuture':
      return Problem.field(422, 'occurredAt', 'ledger.occurredInFuture');
    case 'validUntilBeforeOccurred':
      return Problem.field(422, 'validUntil', 'ledger.validUntilBeforeOccurred');
    case 'targetNotFound':
      return Problem.notFound('ledger.entryNotFound');
    case 'targetNotRevocable':
      return new Problem(422, 'ledger.targetNotRevocable');
    case 'targetAlreadyRevoked':
      return new Problem(409, 'ledger.alreadyRevoked');
    case 'sourceConflict':
      return Problem.field(409, 'sourceRef', 'ledger.sourceConflict', { sourceRef: sourceRef ?? '' });
  }
}
