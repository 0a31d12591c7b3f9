/** An item in the graders' inbox, an essay or a submission (the grading_item.status CHECK of migration 1764610000000-HumanGrading). */
export const GRADING_ITEM_STATUSES = ['pending', 'graded'] as const;
export type GradingItemStatus = (typeof GRADING_ITEM_STATUSES)[number];
