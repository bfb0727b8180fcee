import { config as defaultConfig, type ServiceConfig } from '../config';
import type { Classifier } from '../model/types';
import { logger } from '../observability/logger';
import { modelRef, type ModelRef } from '../routes/model-ref';
import { readBatchEvent } from './batch-event';
import { scoreRows, type ScoredRow } from './score-rows';

/** What the worker answers: one result per item, in the batch's order; the ResultWriter stores it as the child's output. */
export interface ScoreBatchOutput {
  results: ScoredRow[];
  /** Rows answered with an `error` (they are in `results` too). */
  refused: number;
  model: ModelRef;
}

export interface ScoreBatchDependencies {
  getClassifier: () => Promise<Classifier>;
  config?: ServiceConfig;
}

/**
 * The `scoreBatch` worker of the bulk-scoring state machine: a Distributed Map batch in, the rows' answers out, with
 * the same {@link scoreRows} as `npm run score`. No HTTP stack: Step Functions invokes it directly.
 *
 * @throws InvalidBatchError when the event is not a batch (the child execution fails and counts against the
 *   map's ToleratedFailurePercentage); rows that cannot be classified are answered, never thrown
 */
export function createScoreBatchHandler(deps: ScoreBatchDependencies): (event: unknown) => Promise<ScoreBatchOutput> {
  const config = deps.config ?? defaultConfig;
  return async (event) => {
    const { rows, options } = readBatchEvent(event);
    const classifier = await deps.getClassifier();
    const results = scoreRows(classifier, rows, {
      ...options,
      maxTextChars: config.maxTextChars,
      stageThreshold: config.abstainThreshold,
    });
    const refused = results.filter((result) => result.error !== undefined).length;
    logger.info('batch scored', { rows: rows.length, refused, firstRow: rows[0]?.row });
    return { results, refused, model: modelRef(classifier.info) };
  };
}
