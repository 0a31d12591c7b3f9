import type { PortalCatalog } from './index';

/** Portal texts of the org pages; keys start with "org.". */
export const orgText: PortalCatalog = {
  id: {},
  en: {},
};
