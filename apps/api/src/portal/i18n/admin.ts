import type { PortalCatalog } from './index';

/** Portal texts of the admin pages; keys start with "admin.". */
export const adminText: PortalCatalog = {
  id: {},
  en: {},
};
