import { createHealthHandler } from '../lib/routes/health';
import { getBundleInfo } from '../lib/serving/bundle-status';

/** GET /health (see lib/routes/health.ts). Verifies the bundle's files without loading tfjs. */
export const handler = createHealthHandler({ getBundleInfo });

// Running as a Lambda (or under serverless offline / invoke local), the init phase also sends one quiet request
// through the stack, so the first real request finds the request path warm (see HttpHandler.warmUp).
if (process.env.AWS_LAMBDA_FUNCTION_NAME) void handler.warmUp();
