import type { ClassificationMetrics } from './metrics';

const CELL = 11;
const FONT = 9;
/** Rough width of one character of the 9px sans-serif label font. */
const CHAR_WIDTH = 5.4;

/**
 * Draws the row-normalised confusion matrix as an SVG heatmap with label names on both axes, readable at 77 classes:
 * each row is a true label, each column a predicted label, darker = larger share of that row; each non-empty cell
 * has a tooltip with the counts.
 */
export function confusionMatrixSvg(
  metrics: ClassificationMetrics,
  title = 'Confusion matrix (row-normalised)',
): string {
  const { labels, matrix } = metrics;
  const n = labels.length;
  const margin = Math.ceil(Math.max(...labels.map((l) => l.length), 10) * CHAR_WIDTH) + 10;
  const top = margin + 30;
  const width = margin + n * CELL + 20;
  const height = top + n * CELL + 40;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="${FONT}">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="18" font-size="14">${escapeXml(title)} — rows: true label, columns: predicted label</text>`,
  ];
  labels.forEach((label, i) => {
    const y = top + i * CELL + CELL - 2;
    parts.push(`<text x="${margin - 4}" y="${y}" text-anchor="end">${escapeXml(label)}</text>`);
    const x = margin + i * CELL + CELL - 3;
    parts.push(`<text transform="translate(${x},${top - 4}) rotate(-90)">${escapeXml(label)}</text>`);
  });
  matrix.forEach((row, i) => {
    const total = row.reduce((s, v) => s + v, 0);
    row.forEach((count, j) => {
      const share = total > 0 ? count / total : 0;
      const x = margin + j * CELL;
      const y = top + i * CELL;
      const fill = count === 0 ? '#f7f7f7' : cellColour(share, i === j);
      const tip =
        count === 0
          ? ''
          : `<title>${escapeXml(`${labels[i]} → ${labels[j]}: ${count} of ${total} (${(share * 100).toFixed(1)}%)`)}</title>`;
      parts.push(`<rect x="${x}" y="${y}" width="${CELL - 1}" height="${CELL - 1}" fill="${fill}">${tip}</rect>`);
    });
  });
  parts.push(
    `<text x="${margin}" y="${top + n * CELL + 24}">Blue: correct share of the row; red: share sent to a wrong label (darker = more). Hover a cell for counts.</text>`,
    '</svg>',
  );
  return parts.join('\n') + '\n';
}

/** Diagonal cells in blue, errors in red, both darker with a larger share (errors boosted so small ones show). */
function cellColour(share: number, correct: boolean): string {
  const strength = correct ? share : Math.min(1, Math.sqrt(share) * 1.2);
  const light = Math.round(95 - strength * 60);
  return correct ? `hsl(215, 70%, ${light}%)` : `hsl(0, 75%, ${light}%)`;
}

/** Escapes text for SVG/XML content and attributes. */
export function escapeXml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}
