/** A prior-learning claim awaits a decision; accepting it appends a ledger entry (the prior_learning.status CHECK of migration 1764000000000-CompetencyLedger). */
export const PRIOR_LEARNING_STATUSES = ['submitted', 'accepted', 'rejected'] as const;
export type PriorLearningStatus = (typeof PRIOR_LEARNING_STATUSES)[number];
