import type { OosEvaluation } from './oos-evaluation';

const SIZE = 360;
const PAD = 50;

/**
 * Draws in-scope accuracy (y) against out-of-scope recall (x) over abstention thresholds as an SVG line, with the
 * bundle's operating point marked: the trade-off a threshold buys, to choose one by eye.
 */
export function oosCurveSvg(evaluation: OosEvaluation): string {
  const x = (recall: number) => PAD + recall * SIZE;
  const y = (accuracy: number) => PAD + (1 - accuracy) * SIZE;
  const points = evaluation.curve
    .map((p) => `${x(p.oosRecall ?? 0).toFixed(1)},${y(p.inScopeAccuracy).toFixed(1)}`)
    .join(' ');
  const width = SIZE + 2 * PAD;
  const height = SIZE + 2 * PAD + 20;
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const { method, threshold } = evaluation.policy;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="10">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="18" font-size="13">In-scope accuracy vs out-of-scope recall over ${method} thresholds</text>`,
    ...ticks.flatMap((t) => [
      `<line x1="${x(t)}" y1="${y(0)}" x2="${x(t)}" y2="${y(1)}" stroke="#eee"/>`,
      `<line x1="${x(0)}" y1="${y(t)}" x2="${x(1)}" y2="${y(t)}" stroke="#eee"/>`,
      `<text x="${x(t)}" y="${y(0) + 14}" text-anchor="middle">${t}</text>`,
      `<text x="${x(0) - 6}" y="${y(t) + 3}" text-anchor="end">${t}</text>`,
    ]),
    `<rect x="${x(0)}" y="${y(1)}" width="${SIZE}" height="${SIZE}" fill="none" stroke="#999"/>`,
    `<text x="${x(0.5)}" y="${y(0) + 30}" text-anchor="middle">out-of-scope recall</text>`,
    `<text transform="translate(14,${y(0.5)}) rotate(-90)" text-anchor="middle">in-scope accuracy</text>`,
    `<polyline points="${points}" fill="none" stroke="#1f6feb" stroke-width="1.5"/>`,
    `<circle cx="${x(evaluation.oosRecall).toFixed(1)}" cy="${y(evaluation.inScopeAccuracy).toFixed(1)}" r="4" fill="#d1242f">` +
      `<title>threshold ${threshold}: in-scope accuracy ${evaluation.inScopeAccuracy.toFixed(4)}, out-of-scope recall ${evaluation.oosRecall.toFixed(4)}</title></circle>`,
    `<text x="${x(0)}" y="${height - 8}">red: the threshold applied (${threshold})</text>`,
    '</svg>',
  ].join('\n');
}
