/**
 * Imports a TensorFlow.js layers or graph model (a Keras model or a SavedModel converted with tensorflowjs_converter,
 * or a tfjs model.save) as a servable bundle.
 *
 *   npm run import-model -- --model converted/ --out imported --labels negative,positive --input spec.json
 *   MODEL_DIR=$PWD/imported npm start
 */
import { Command, Option } from 'commander';
import { runCli } from './training/cli-helpers';
import { importModel, type ImportOptions } from './import/import-model';
import { WASM_MARGIN } from './import/backend-choice';
import type { BackendTiming, ServingRecord } from '../lib/model/bundle/serving';
import { LAYOUT_DESCRIPTIONS } from '../lib/model/bundle/keras-topology';
import { OUTPUT_KINDS } from '../lib/model/outputs/output';

const program = new Command()
  .name('import-model')
  .description('Import a tfjs layers or graph model (model.json + weight shards) as a bundle the service serves.')
  .requiredOption(
    '--model <dir>',
    "directory holding model.json and its weight shards (tensorflowjs_converter's output, or tfjs model.save's)",
  )
  .requiredOption(
    '--out <dir>',
    'bundle directory to write (must not exist or be empty; written only when the import succeeds)',
  )
  .requiredOption('--labels <labels>', 'labels in output order: a,b,c or a JSON file with an array')
  .requiredOption(
    '--input <spec.json>',
    'input spec: {"kind": "sequence", "vocabulary": ..., ...} or {"kind": "features", "names": [...]}',
  )
  .option('--name <name>', 'model name in the manifest (default: the model directory name)')
  .option('--model-version <version>', 'model version in the manifest', '1.0.0')
  .option(
    '--samples <file.json>',
    'held-out rows [{"text": ..., "label": ...}] for the deployment smoke test (text models)',
  )
  .option(
    '--backend <backend>',
    'tfjs backend to serve it on: auto (measure cpu and wasm, keep the faster), cpu or wasm',
    'auto',
  )
  .addOption(
    new Option(
      '--output <kind>',
      'what the last layer or op gives, where the model does not say: softmax, sigmoid (one unit) or logits',
    ).choices(OUTPUT_KINDS),
  );

runCli(async () => {
  const summary = await importModel(program.parse().opts<ImportOptions>());
  const { manifest } = summary;
  // Kept as the model was trained with them, but a user should know (also recorded in the manifest).
  for (const warning of manifest.import.vocabulary?.warnings ?? []) console.warn(`warning: vocabulary: ${warning}`);
  const input =
    manifest.input.kind === 'features'
      ? `features (${manifest.input.names.join(', ')})`
      : `sequence (maxLen ${manifest.input.maxLen}, ${manifest.input.style} style)`;
  console.log(
    [
      `imported ${manifest.name} ${manifest.version} into ${summary.out}`,
      `  input:   ${input}`,
      `  labels:  ${manifest.labels.join(', ')}`,
      `  output:  ${manifest.output.kind}${manifest.output.kind === 'logits' ? ' (softmax applied when serving)' : ''}`,
      `  model:   ${summary.parts.count} ${summary.parts.kind}, ${summary.weightBytes} weight bytes, served by the ${summary.runtime} runtime`,
      `  format:  ${manifest.import.format}${manifest.import.layout ? ` (${LAYOUT_DESCRIPTIONS[manifest.import.layout]})` : ''}`,
      `  keras 3 fixes: ${manifest.import.kerasFixes.length > 0 ? manifest.import.kerasFixes.join(', ') : 'none needed'}`,
      ...(manifest.import.vocabulary ? [`  vocabulary: ${manifest.import.vocabulary.format}`] : []),
      `  backend: ${describeServing(summary.serving)}`,
      `  sample:  ${JSON.stringify(summary.sample.input)} -> ${summary.sample.prediction.label} (${summary.sample.prediction.score.toFixed(4)})`,
      `serve it: MODEL_DIR=${summary.out} npm start`,
    ].join('\n'),
  );
});

function describeServing({ backend, chosenBy, measured, wasmError }: ServingRecord): string {
  const figures = (Object.entries(measured) as [string, BackendTiming][])
    .map(
      ([name, t]) =>
        `${name} load ${t.loadMs.toFixed(0)} ms, one input ${t.singleMedianMs.toFixed(2)} ms, per row at ${t.batchRows} ${t.batchPerRowMs.toFixed(3)} ms`,
    )
    .join('; ');
  const why =
    chosenBy === 'user'
      ? 'forced with --backend'
      : chosenBy === 'wasm-failed'
        ? `wasm failed: ${wasmError}`
        : `measured; wasm is chosen only when >${WASM_MARGIN * 100}% faster for one input`;
  return `${backend} (${why})\n           ${figures}`;
}
