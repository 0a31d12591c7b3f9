/** What a snapshot in a competency's history records (the competency_revision.change CHECK of migration 1764000000000-CompetencyLedger). */
export const REVISION_CHANGES = ['created', 'updated', 'retired', 'restored', 'imported'] as const;
export type RevisionChange = (typeof REVISION_CHANGES)[number];
