import { createClassifyBatchHandler } from '../lib/routes/classify-batch';
import { getClassifier } from '../lib/serving/classifier';

/** POST /classify/batch (see lib/routes/classify-batch.ts). Importing the classifier starts loading the model at init. */
export const handler = createClassifyBatchHandler({ getClassifier });
