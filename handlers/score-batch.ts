import { createScoreBatchHandler } from '../lib/bulk/score-batch-handler';
import { getClassifier } from '../lib/serving/classifier';

/** The bulk-scoring state machine's worker (see lib/bulk/score-batch-handler.ts). Importing the classifier starts loading the model at init. */
export const handler = createScoreBatchHandler({ getClassifier });
