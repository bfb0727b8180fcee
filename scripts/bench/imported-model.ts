/**
 * The bench's section for imported models (issue 9): the example LSTM of `examples/review-lstm`, imported with
 * `npm run import-model`, served by the same packaged /classify bundle through the generic layers runtime, beside
 * the default model in the same run: cold start (interleaved rounds, each over a bare `node -e 0`) and warm latency.
 */
import { join } from 'node:path';
import { importModel } from '../import/import-model';
import { measureColdStarts, type ColdStartResults } from './cold-start';
import { readEvent, withBody } from './events';
import { round, summarize, type Summary } from './stats';
import { renderTable, ms } from './table';
import type { WarmInput, WarmSamples } from './warm-worker';
import { runWorker } from './worker';
import { projectRoot } from './events';

/** The packaged /classify function, unpacked, and how to run it. */
export interface ClassifyFunction {
  dir: string;
  handlerFile: string;
  handlerExport: string;
  env: NodeJS.ProcessEnv;
}

export interface ImportedModelResult {
  model: string;
  cold: ColdStartResults;
  warm: { defaultModel: Summary; importedModel: Summary };
  /** Imported over default, each measured in this run: cold start over bare node, warm p50. */
  ratios: { coldOverBare: number; warmP50: number };
}

/**
 * Imports the example LSTM into `scratch` and measures it against the default model with the same bundle.
 *
 * @param samples - rounds of cold starts and warm calls (the bench's own counts)
 */
export async function benchImportedModel(
  classify: ClassifyFunction,
  scratch: string,
  samples: { coldRuns: number; warmup: number; warmCalls: number },
  progress: (message: string) => void,
): Promise<ImportedModelResult> {
  const example = join(projectRoot, 'examples', 'review-lstm');
  const modelDir = join(scratch, 'imported-review-lstm');
  await importModel({ model: join(example, 'model'), out: modelDir, labels: join(example, 'labels.json'), input: join(example, 'spec.json'), name: 'review-lstm' });
  const lstmEnv = { ...classify.env, MODEL_DIR: modelDir };
  const event = withBody(readEvent('classify.json'), JSON.stringify({ text: 'great product, works perfectly', topK: 2 }));
  const target = (name: string, env: NodeJS.ProcessEnv) => ({ name, dir: classify.dir, handlerFile: classify.handlerFile, handlerExport: classify.handlerExport, event, env });

  progress(`imported model: ${samples.coldRuns} cold-start rounds of bare node, default model, example LSTM ...`);
  const cold = await measureColdStarts([target('default model', classify.env), target('example LSTM', lstmEnv)], samples.coldRuns);
  progress(`imported model: warm /classify, ${samples.warmCalls} calls each ...`);
  const warm = async (env: NodeJS.ProcessEnv): Promise<Summary> =>
    summarize(
      await runWorker<WarmInput, WarmSamples>(
        join(__dirname, 'warm-worker.ts'),
        { handlerPath: join(classify.dir, classify.handlerFile), handlerExport: classify.handlerExport, warmup: samples.warmup, calls: samples.warmCalls },
        { env, cwd: projectRoot },
      ),
    );
  const defaultModel = await warm(classify.env);
  const importedModel = await warm(lstmEnv);
  const [base, lstm] = cold.targets;
  return {
    model: 'examples/review-lstm (Embedding 64x8 -> LSTM 8 -> Dense sigmoid)',
    cold,
    warm: { defaultModel, importedModel },
    ratios: { coldOverBare: round(lstm!.overBareMs / base!.overBareMs, 2), warmP50: round(importedModel.p50 / defaultModel.p50, 2) },
  };
}

/** The section as the bench prints it. */
export function renderImportedModel(r: ImportedModelResult): string {
  const [base, lstm] = r.cold.targets;
  return (
    `Imported model beside the default one, same /classify bundle, same run (${r.cold.runs} cold rounds, ${r.warm.defaultModel.n} warm calls each)\n` +
    renderTable(
      ['model', 'cold median', 'over bare node', 'warm p50', 'warm p99'],
      [
        ['default (embedding-bag runtime)', ms(base!.wallMs.median), ms(base!.overBareMs), ms(r.warm.defaultModel.p50), ms(r.warm.defaultModel.p99)],
        [`${r.model}, layers runtime`, ms(lstm!.wallMs.median), ms(lstm!.overBareMs), ms(r.warm.importedModel.p50), ms(r.warm.importedModel.p99)],
        ['ratio imported / default', '', `${r.ratios.coldOverBare}x`, `${r.ratios.warmP50}x`, ''],
      ],
    )
  );
}
