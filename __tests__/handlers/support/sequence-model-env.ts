import { LSTM } from '../../import/support/examples';
import { useImportedExample } from './imported-model-env';

/** Imported first: serves examples/review-lstm, imported by the CLI. */
export const imported = useImportedExample(LSTM, 'review-lstm');
