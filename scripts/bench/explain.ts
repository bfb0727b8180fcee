/**
 * The bench's section for explanations (issue 20): an explained request of 20 words beside the same request
 * unexplained, in one process and in turn, through the packaged `classify` handler. The target: at most 3x.
 */
import { join } from 'node:path';
import type { ExplainInput, ExplainSamples } from './explain-worker';
import { projectRoot } from './events';
import { summarize, type Summary } from './stats';
import { ms, renderTable } from './table';
import { runWorker } from './worker';

/** Words in each explained text. */
export const EXPLAIN_WORDS = 20;
/** The ceiling on an explained request's cost over an unexplained one. */
export const EXPLAIN_TARGET_RATIO = 3;

export interface ExplainResult {
  words: number;
  plain: Summary;
  explained: Summary;
  /** Explained over plain, p50 and p99, measured in the same process and run. */
  p50Ratio: number;
  p99Ratio: number;
  target: { ratio: number; met: boolean };
}

/**
 * Measures `"explain": true` on the packaged /classify function.
 *
 * @param target - the unpacked function and its environment
 */
export async function benchExplain(
  target: { dir: string; handlerFile: string; handlerExport: string; env: NodeJS.ProcessEnv },
  samples: { warmup: number; warmCalls: number },
  progress: (message: string) => void,
): Promise<ExplainResult> {
  // Each explained call is a prediction of 21 rows: a tenth of the warm section's calls keeps the time alike.
  const calls = Math.max(100, Math.round(samples.warmCalls / 10));
  progress(`explain: ${calls} /classify calls of ${EXPLAIN_WORDS} words, plain and explained in turn ...`);
  const result = await runWorker<ExplainInput, ExplainSamples>(
    join(__dirname, 'explain-worker.ts'),
    {
      handlerPath: join(target.dir, target.handlerFile),
      handlerExport: target.handlerExport,
      warmup: Math.round(samples.warmup / 10),
      calls,
      words: EXPLAIN_WORDS,
    },
    { env: target.env, cwd: projectRoot },
  );
  const plain = summarize(result.plain);
  const explained = summarize(result.explained);
  const p50Ratio = explained.p50 / plain.p50;
  return {
    words: EXPLAIN_WORDS,
    plain,
    explained,
    p50Ratio,
    p99Ratio: explained.p99 / plain.p99,
    target: { ratio: EXPLAIN_TARGET_RATIO, met: p50Ratio <= EXPLAIN_TARGET_RATIO },
  };
}

/** The section as a table: each request kind, and the explained one over the plain one. */
export function renderExplain(r: ExplainResult): string {
  return (
    `Explanations: POST /classify of ${r.words} words, plain and with "explain": true, in turn in one process (n = ${r.plain.n} each)\n` +
    renderTable(
      ['request', 'p50', 'p99', '÷ plain p50', '÷ plain p99'],
      [
        ['plain', ms(r.plain.p50), ms(r.plain.p99), '1.00x', '1.00x'],
        [
          'explained',
          ms(r.explained.p50),
          ms(r.explained.p99),
          `${r.p50Ratio.toFixed(2)}x`,
          `${r.p99Ratio.toFixed(2)}x`,
        ],
      ],
    ) +
    `\ntarget: explained p50 at most ${r.target.ratio}x plain: ${r.target.met ? 'met' : 'NOT met'}`
  );
}
