import { createDocsHandler } from '../lib/routes/docs';

/** GET / and GET /openapi.json (see lib/routes/docs.ts). No model, no tfjs. */
export const handler = createDocsHandler();
