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
    lines.push(`${s.unknownLabelRows} row(s) have labels the model does not know, counted as errors: ${s.unknownLabels.join(', ')}`);
  }
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

/** The Markdown report written by `--report`. */
export function markdownReport(s: EvaluationSummary, svgFile: string): string {
  const rows = s.perClass.map((c) => `| ${c.label} | ${pct(c.precision)} | ${pct(c.recall)} | ${pct(c.f1)} | ${c.support} |`);
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
