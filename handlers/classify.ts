import { createClassifyHandler } from '../lib/routes/classify';
import { getClassifier } from '../lib/serving/classifier';

/** POST /classify (see lib/routes/classify.ts). Importing the classifier starts loading the model at init. */
export const handler = createClassifyHandler({ getClassifier });

// Running as a Lambda (or under serverless offline / invoke local), the init phase also sends one quiet request
// through the stack, so the first real request finds the request path warm (see HttpHandler.warmUp).
if (process.env.AWS_LAMBDA_FUNCTION_NAME) void handler.warmUp();
