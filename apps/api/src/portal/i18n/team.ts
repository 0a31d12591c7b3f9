import type { PortalCatalog } from './index';

/** Portal texts of the team pages; keys start with "team.". */
export const teamText: PortalCatalog = {
  id: {},
  en: {},
};
