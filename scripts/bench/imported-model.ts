/**
 * The bench's section for imported models (issue 9): the example LSTM of `examples/review-lstm`, imported with
 * `npm run import-model` into a copy of the /classify package (as packaging it in model/ would make it), served by
 * the same handler bundle through the generic layers runtime, beside
 * the default model in the same run: cold start (interleaved rounds, each over a bare `node -e 0`) and warm latency.
 * The LSTM is packaged twice: on the backend import chose (`--backend auto`) and, forced, on the other one, so the
 * figures say what that choice bought (or would have cost).
 */
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DERIVED_DIR } from '../../lib/model/bundle/derived-files';
import type { ServingBackend, ServingRecord } from '../../lib/model/bundle/serving';
import type { BackendRequest } from '../import/backend-choice';
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

/** How to run the plain-tfjs baseline on a bundle's model.json (the bench's own baseline handler). */
export type PlainTargetFor = (modelDir: string) => { name: string; dir: string; handlerFile: string; handlerExport: string; env: NodeJS.ProcessEnv };

export interface ImportedModelResult {
  model: string;
  /** What import recorded (`manifest.serving`: its backend, how chosen, its own figures) and the backend it passed over. */
  serving: ServingRecord;
  otherBackend: ServingBackend;
  /** Targets: default model, LSTM on the chosen backend, LSTM on the other one, the plain baseline on the LSTM. */
  cold: ColdStartResults;
  warm: { defaultModel: Summary; importedModel: Summary; otherBackend: Summary; plain: Summary };
  /** Imported over default, each measured in this run: cold start over bare node, warm p50; chosen, then other backend. */
  ratios: { coldOverBare: number; warmP50: number; otherColdOverBare: number; otherWarmP50: number };
  /** The LSTM served by us (chosen backend) over the plain baseline serving the same model.json: cold over bare, warm p50 and p99. */
  overPlain: { coldOverBare: number; warmP50: number; warmP99: number };
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
  plainFor: PlainTargetFor,
): Promise<ImportedModelResult> {
  const example = join(projectRoot, 'examples', 'review-lstm');
  // The /classify package as `serverless package` makes it with the LSTM in model/: same handler bundle, the model,
  // and what packaging derives for it (the layers runtime file, and for wasm the backend and its .wasm file).
  const packageLstm = async (dir: string, backend: BackendRequest): Promise<ServingRecord> => {
    cpSync(classify.dir, dir, { recursive: true });
    rmSync(join(dir, 'model'), { recursive: true, force: true });
    rmSync(join(dir, DERIVED_DIR), { recursive: true, force: true });
    const { serving } = await importModel({
      model: join(example, 'model'),
      out: join(dir, 'model'),
      labels: join(example, 'labels.json'),
      input: join(example, 'spec.json'),
      name: 'review-lstm',
      backend,
    });
    await deriveModelFiles(join(dir, 'model'));
    return serving;
  };
  progress('imported model: importing the example LSTM (measuring both backends) and packaging it on each ...');
  const lstmPackage = join(scratch, 'classify-review-lstm');
  const serving = await packageLstm(lstmPackage, 'auto');
  const otherBackend: ServingBackend = serving.backend === 'cpu' ? 'wasm' : 'cpu';
  const otherPackage = join(scratch, `classify-review-lstm-${otherBackend}`);
  await packageLstm(otherPackage, otherBackend);
  const event = withBody(readEvent('classify.json'), JSON.stringify({ text: 'great product, works perfectly', topK: 2 }));
  const envIn = (dir: string) => ({ ...classify.env, LAMBDA_TASK_ROOT: dir });
  const target = (name: string, dir: string) => ({ name, dir, handlerFile: classify.handlerFile, handlerExport: classify.handlerExport, event, env: envIn(dir) });

  progress(`imported model: ${samples.coldRuns} cold-start rounds of bare node, default model, example LSTM on ${serving.backend} and on ${otherBackend} ...`);
  const plain = plainFor(join(lstmPackage, 'model'));
  const cold = await measureColdStarts(
    [
      target('default model', classify.dir),
      target(`example LSTM (${serving.backend})`, lstmPackage),
      target(`example LSTM (${otherBackend})`, otherPackage),
      { ...plain, name: 'plain tfjs, example LSTM', event },
    ],
    samples.coldRuns,
  );
  progress(`imported model: warm /classify, ${samples.warmCalls} calls each ...`);
  const warmOf = async (dir: string, handlerFile: string, handlerExport: string, env: NodeJS.ProcessEnv): Promise<Summary> =>
    summarize(
      await runWorker<WarmInput, WarmSamples>(
        join(__dirname, 'warm-worker.ts'),
        { handlerPath: join(dir, handlerFile), handlerExport, warmup: samples.warmup, calls: samples.warmCalls },
        { env, cwd: projectRoot },
      ),
    );
  const warm = (dir: string) => warmOf(dir, classify.handlerFile, classify.handlerExport, envIn(dir));
  const defaultModel = await warm(classify.dir);
  const importedModel = await warm(lstmPackage);
  const other = await warm(otherPackage);
  const plainWarm = await warmOf(plain.dir, plain.handlerFile, plain.handlerExport, plain.env);
  const [base, lstm, lstmOther, plainCold] = cold.targets;
  return {
    model: 'examples/review-lstm (Embedding 64x8 -> LSTM 8 -> Dense sigmoid)',
    serving,
    otherBackend,
    cold,
    warm: { defaultModel, importedModel, otherBackend: other, plain: plainWarm },
    ratios: {
      coldOverBare: round(lstm!.overBareMs / base!.overBareMs, 2),
      warmP50: round(importedModel.p50 / defaultModel.p50, 2),
      otherColdOverBare: round(lstmOther!.overBareMs / base!.overBareMs, 2),
      otherWarmP50: round(other.p50 / defaultModel.p50, 2),
    },
    overPlain: {
      coldOverBare: round(lstm!.overBareMs / plainCold!.overBareMs, 2),
      warmP50: round(importedModel.p50 / plainWarm.p50, 2),
      warmP99: round(importedModel.p99 / plainWarm.p99, 2),
    },
  };
}

/** The section as the bench prints it. */
export function renderImportedModel(r: ImportedModelResult): string {
  const [base, lstm, lstmOther, plainCold] = r.cold.targets;
  const chosen = r.serving.backend;
  const why = r.serving.chosenBy === 'measured' ? 'measured faster at import' : r.serving.chosenBy === 'user' ? 'forced' : `wasm failed at import: ${r.serving.wasmError}`;
  return (
    `Imported model beside the default one, same /classify bundle, same run (${r.cold.runs} cold rounds, ${r.warm.defaultModel.n} warm calls each)\n` +
    `The import chose ${chosen} (${why}); the ${r.otherBackend} row is the same model imported with --backend ${r.otherBackend}.\n` +
    renderTable(
      ['model', 'cold median', 'over bare node', 'warm p50', 'warm p99'],
      [
        ['default (embedding-bag runtime)', ms(base!.wallMs.median), ms(base!.overBareMs), ms(r.warm.defaultModel.p50), ms(r.warm.defaultModel.p99)],
        [`${r.model}, layers runtime, ${chosen} (chosen)`, ms(lstm!.wallMs.median), ms(lstm!.overBareMs), ms(r.warm.importedModel.p50), ms(r.warm.importedModel.p99)],
        [`same, ${r.otherBackend} (forced)`, ms(lstmOther!.wallMs.median), ms(lstmOther!.overBareMs), ms(r.warm.otherBackend.p50), ms(r.warm.otherBackend.p99)],
        ['plain tfjs, the same LSTM model.json (predict only)', ms(plainCold!.wallMs.median), ms(plainCold!.overBareMs), ms(r.warm.plain.p50), ms(r.warm.plain.p99)],
        [`ratio imported (${chosen}) / plain tfjs`, '', `${r.overPlain.coldOverBare}x`, `${r.overPlain.warmP50}x`, `${r.overPlain.warmP99}x`],
        [`ratio imported / default, ${chosen}`, '', `${r.ratios.coldOverBare}x`, `${r.ratios.warmP50}x`, ''],
        [`ratio imported / default, ${r.otherBackend}`, '', `${r.ratios.otherColdOverBare}x`, `${r.ratios.otherWarmP50}x`, ''],
      ],
    ) +
    `\nMeasured by the import, each backend in a fresh process (ms): ${backendFigures(r.serving)}`
  );
}

/** The import's own figures per backend, as recorded in the manifest. */
function backendFigures(serving: ServingRecord): string {
  return Object.entries(serving.measured)
    .map(([backend, t]) => `${backend} load ${t.loadMs.toFixed(0)}, one input ${t.singleMedianMs.toFixed(2)}, per row at ${t.batchRows} ${t.batchPerRowMs.toFixed(3)}`)
    .join('; ');
}
