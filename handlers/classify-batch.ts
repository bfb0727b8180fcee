import { createClassifyBatchHandler } from '../lib/routes/classify-batch';
import { getClassifier } from '../lib/serving/classifier';

/** POST /classify/batch (see lib/routes/classify-batch.ts). Importing the classifier starts loading the model at init. */
export const handler = createClassifyBatchHandler({ getClassifier });

// Running as a Lambda (or under serverless offline / invoke local), the init phase also sends one quiet request
// through the stack, so the first real request finds the request path warm (see HttpHandler.warmUp).
if (process.env.AWS_LAMBDA_FUNCTION_NAME) void handler.warmUp();
