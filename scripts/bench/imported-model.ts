/**
 * The bench's section for imported models (issue 9): the example LSTM of `examples/review-lstm`, imported with
 * `npm run import-model` into a copy of the /classify package (as packaging it in model/ would make it), served by
 * the same handler bundle through the generic layers runtime, beside
 * the default model in the same run: cold start (interleaved rounds, each over a bare `node -e 0`) and warm latency.
 */
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DERIVED_DIR } from '../../lib/model/bundle/derived-files';
import { deriveModelFiles } from '../derive-model-files';
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
  // The /classify package as `serverless package` makes it with the LSTM in model/: same handler bundle, the model,
  // and what packaging derives for it (the layers runtime file).
  const lstmPackage = join(scratch, 'classify-review-lstm');
  cpSync(classify.dir, lstmPackage, { recursive: true });
  rmSync(join(lstmPackage, 'model'), { recursive: true, force: true });
  rmSync(join(lstmPackage, DERIVED_DIR), { recursive: true, force: true });
  await importModel({ model: join(example, 'model'), out: join(lstmPackage, 'model'), labels: join(example, 'labels.json'), input: join(example, 'spec.json'), name: 'review-lstm' });
  await deriveModelFiles(join(lstmPackage, 'model'));
  const event = withBody(readEvent('classify.json'), JSON.stringify({ text: 'great product, works perfectly', topK: 2 }));
  const envIn = (dir: string) => ({ ...classify.env, LAMBDA_TASK_ROOT: dir });
  const target = (name: string, dir: string) => ({ name, dir, handlerFile: classify.handlerFile, handlerExport: classify.handlerExport, event, env: envIn(dir) });

  progress(`imported model: ${samples.coldRuns} cold-start rounds of bare node, default model, example LSTM ...`);
  const cold = await measureColdStarts([target('default model', classify.dir), target('example LSTM', lstmPackage)], samples.coldRuns);
  progress(`imported model: warm /classify, ${samples.warmCalls} calls each ...`);
  const warm = async (dir: string): Promise<Summary> =>
    summarize(
      await runWorker<WarmInput, WarmSamples>(
        join(__dirname, 'warm-worker.ts'),
        { handlerPath: join(dir, classify.handlerFile), handlerExport: classify.handlerExport, warmup: samples.warmup, calls: samples.warmCalls },
        { env: envIn(dir), cwd: projectRoot },
      ),
    );
  const defaultModel = await warm(classify.dir);
  const importedModel = await warm(lstmPackage);
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
