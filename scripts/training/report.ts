import type { AbstainPolicy, OperatingPoint } from '../../lib/model/abstain';
import type { Confusion, ClassificationMetrics } from './metrics';

/** What an evaluation produced, as printed with `--json`. */
export interface EvaluationSummary {
  accuracy: number;
  macroF1: number;
  n: number;
  skippedRows: number;
  /** Rows whose true label the model does not know (each counted as an error). */
  unknownLabelRows: number;
  unknownLabels: string[];
  model: { name: string; version: string; sha256: string };
  data: string;
  perClass: ClassificationMetrics['perClass'];
  topConfusions: Confusion[];
  /** With `--oos-label` (then `accuracy`, `macroF1` and `n` are over in-scope rows, before abstention): */
  inScopeAccuracy?: number;
  /** In-scope accuracy if the model always named its best intent (never abstained, never answered the fallback). */
  bestIntentAccuracy?: number;
  oosRecall?: number;
  oosPrecision?: number;
  abstainRate?: number;
  /** The policy applied, the row counts and the accuracy/recall curve over thresholds. */
  abstention?: AbstainPolicy & { oosLabel: string; inScopeRows: number; oosRows: number; curve: OperatingPoint[] };
}

const pct = (x: number) => (x * 100).toFixed(1);
const fixed = (x: number) => x.toFixed(4);

/** The human-readable summary printed by the evaluator. */
export function textReport(s: EvaluationSummary): string {
  const lines = [
    `model ${s.model.name} ${s.model.version} on ${s.data}`,
    `rows scored ${s.n} (skipped ${s.skippedRows} with empty text or label)`,
    `accuracy ${fixed(s.accuracy)}  macro-F1 ${fixed(s.macroF1)}`,
  ];
  if (s.unknownLabelRows > 0) {
    lines.push(
      `${s.unknownLabelRows} row(s) have labels the model does not know, counted as errors: ${s.unknownLabels.join(', ')}`,
    );
  }
  lines.push(...abstentionLines(s));
  const width = Math.max(5, ...s.perClass.map((c) => c.label.length));
  lines.push('', `${'label'.padEnd(width)}  precision  recall     f1  support`);
  for (const c of s.perClass) {
    lines.push(
      `${c.label.padEnd(width)}  ${fixed(c.precision).padStart(9)}  ${fixed(c.recall).padStart(6)}  ${fixed(c.f1).padStart(5)}  ${String(c.support).padStart(7)}`,
    );
  }
  lines.push('', 'most frequent confusions (true -> predicted: count)');
  for (const c of s.topConfusions) lines.push(`  ${c.actual} -> ${c.predicted}: ${c.count}`);
  if (s.topConfusions.length === 0) lines.push('  none');
  return lines.join('\n') + '\n';
}

/** The abstention figures of a `--oos-label` evaluation, as text lines (none without it). */
function abstentionLines(s: EvaluationSummary): string[] {
  const a = s.abstention;
  if (!a) return [];
  const applied = a.threshold > 0 ? `${a.method} < ${a.threshold} -> "${a.label}"` : 'off (threshold 0)';
  return [
    `abstention ${applied}; ${a.inScopeRows} in-scope rows (accuracy and macro-F1 above are over them, before abstention), ${a.oosRows} "${a.oosLabel}" rows`,
    `in-scope accuracy ${fixed(s.inScopeAccuracy!)} (${fixed(s.bestIntentAccuracy!)} never abstaining)  out-of-scope recall ${fixed(s.oosRecall!)}  out-of-scope precision ${fixed(s.oosPrecision!)}  abstain rate ${fixed(s.abstainRate!)}`,
  ];
}

/** The Markdown report written by `--report` (with the out-of-scope curve's file name when there is one). */
export function markdownReport(s: EvaluationSummary, svgFile: string, oosCurveFile?: string): string {
  const rows = s.perClass.map(
    (c) => `| ${c.label} | ${pct(c.precision)} | ${pct(c.recall)} | ${pct(c.f1)} | ${c.support} |`,
  );
  return [
    `# Evaluation of ${s.model.name} ${s.model.version}`,
    '',
    `- Data: \`${s.data}\` — ${s.n} rows scored, ${s.skippedRows} skipped (empty text or label)`,
    `- Model manifest sha256: \`${s.model.sha256}\``,
    `- **Accuracy ${pct(s.accuracy)}%**, **macro-F1 ${pct(s.macroF1)}%**`,
    s.unknownLabelRows > 0
      ? `- ${s.unknownLabelRows} row(s) carry labels the model does not know (counted as errors): ${s.unknownLabels.join(', ')}`
      : '- Every true label is known to the model',
    '',
    ...(s.abstention
      ? [
          '## Abstention',
          '',
          ...abstentionLines(s).map((l) => `- ${l}`),
          '',
          ...(oosCurveFile ? [`![In-scope accuracy vs out-of-scope recall](${oosCurveFile})`, ''] : []),
        ]
      : []),
    '## Most frequent confusions',
    '',
    '| true label | predicted | count |',
    '|---|---|---|',
    ...s.topConfusions.map((c) => `| ${c.actual} | ${c.predicted} | ${c.count} |`),
    '',
    '## Confusion matrix',
    '',
    `![Row-normalised confusion matrix](${svgFile})`,
    '',
    '## Per class (%)',
    '',
    '| label | precision | recall | F1 | support |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
