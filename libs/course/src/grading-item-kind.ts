/** What a grader grades: an essay answer of a quiz attempt, or an assignment submission (the grading_item_kind_check of migration 1764630000000-AssignmentSubmissions). */
export const GRADING_ITEM_KINDS = ['essay', 'assignment'] as const;
export type GradingItemKind = (typeof GRADING_ITEM_KINDS)[number];
