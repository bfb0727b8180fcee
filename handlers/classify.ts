import { createClassifyHandler } from '../lib/routes/classify';
import { getClassifier } from '../lib/serving/classifier';

/** POST /classify (see lib/routes/classify.ts). Importing the classifier starts loading the model at init. */
export const handler = createClassifyHandler({ getClassifier });
