import { createHealthHandler } from '../lib/routes/health';
import { getBundleInfo } from '../lib/serving/bundle-status';

/** GET /health (see lib/routes/health.ts). Verifies the bundle's files without loading tfjs. */
export const handler = createHealthHandler({ getBundleInfo });
