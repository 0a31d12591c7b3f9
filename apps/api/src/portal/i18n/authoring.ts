import type { PortalCatalog } from './index';

/** Portal texts of the authoring pages; keys start with "authoring.". */
export const authoringText: PortalCatalog = {
  id: {},
  en: {},
};
