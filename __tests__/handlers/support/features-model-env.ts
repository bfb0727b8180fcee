import { MLP } from '../../import/support/examples';
import { useImportedExample } from './imported-model-env';

/** Imported first: serves examples/iris-mlp, imported by the CLI. */
export const imported = useImportedExample(MLP, 'iris-mlp');
