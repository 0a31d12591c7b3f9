import type { PortalCatalog } from './index';

/** Portal texts of the learner pages; keys start with "learner.". */
export const learnerText: PortalCatalog = {
  id: {},
  en: {},
};
