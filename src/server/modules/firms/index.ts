export {
  emailBranding, findFirmBySlug, getFirmForStaff, getLogo, getPublicBranding, setLogo, toFirmSettings, updateFirm,
  MAX_LOGO_BYTES, type Firm,
} from './firms.service.js';
export { findFirm, findLogo } from './firms.repository.js';
export { firmRoutes } from './firms.routes.staff.js';
export { firmPublicRoutes } from './firms.routes.public.js';
