import type { FeatureMatrix } from './features';
import { seededRandom } from './random';

/**
 * One label learnt as several classes and served as one: the out-of-scope rows of a data set are many unrelated
 * topics, which one linear class cannot gather (the simulated split's 100 rows come from 10 intents). Clustered
 * into sub-classes, each gets its own direction; the model's `label_merge` layer sums their probabilities back into
 * the label, so the bundle's outputs and labels are the data's own (docs/model-quality.md, round four).
 */
export interface LabelSplit {
  /** The label split into clusters. */
  label: number;
  /** Classes the members learn: the labels, then one more per cluster beyond the first. */
  classCount: number;
  /** For each class, the label it is served as (`classCount` entries; the first `labelCount` are the identity). */
  servedAs: Int32Array;
  /** Which class each row of the split label belongs to, for any rows (nearest cluster by cosine). */
  classOf(features: FeatureMatrix, row: number): number;
}

/** Restarts of k-means (the best by total cosine similarity is kept); each is cheap at a few hundred rows. */
const RESTARTS = 5;
const ITERATIONS = 30;

/**
 * Clusters the rows of label `label` (spherical k-means on their TF-IDF vectors, seeded k-means++ starts) into at most
 * `clusters` sub-classes. The first cluster keeps the label's own class index, so with one cluster nothing changes.
 *
 * @param features - the training rows' vectors (L2-normalised TF-IDF, as the serving preprocessing makes them)
 * @param labels - the training rows' label indices
 * @example
 * const split = splitLabel(run.train.features, run.train.labels, 77, oosIndex, 5, 42);
 * const classes = classLabels(run.train.features, run.train.labels, split); // 81 classes
 */
export function splitLabel(
  features: FeatureMatrix,
  labels: Int32Array,
  labelCount: number,
  label: number,
  clusters: number,
  seed: number,
): LabelSplit {
  const rows = [...labels.keys()].filter((r) => labels[r] === label);
  const centroids = bestClustering(features, rows, Math.min(clusters, rows.length), seed);
  const servedAs = Int32Array.from({ length: labelCount + Math.max(0, centroids.length - 1) }, (_, c) =>
    c < labelCount ? c : label,
  );
  return {
    label,
    classCount: servedAs.length,
    servedAs,
    classOf(matrix, row) {
      const nearest = nearestCentroid(matrix, row, centroids);
      return nearest === 0 ? label : labelCount + nearest - 1;
    },
  };
}

/** The class of every row: its label, or for a row of the split label, its cluster's class. */
export function classLabels(features: FeatureMatrix, labels: Int32Array, split: LabelSplit | undefined): Int32Array {
  if (!split) return labels;
  return labels.map((l, r) => (l === split.label ? split.classOf(features, r) : l));
}

/**
 * Sums each row's class probabilities into its labels' (what the model's `label_merge` layer computes).
 *
 * @param probabilities - row-major `[rows, classCount]`
 * @returns row-major `[rows, labelCount]`
 */
export function mergeClasses(probabilities: Float32Array, servedAs: Int32Array, labelCount: number): Float32Array {
  const classes = servedAs.length;
  const rows = probabilities.length / classes;
  const out = new Float32Array(rows * labelCount);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < classes; c++) out[r * labelCount + servedAs[c]!]! += probabilities[r * classes + c]!;
  return out;
}

type Centroid = Map<number, number>;

function bestClustering(features: FeatureMatrix, rows: readonly number[], k: number, seed: number): Centroid[] {
  if (k <= 1) return [new Map()];
  const random = seededRandom(seed);
  const vectors = rows.map((r) => rowVector(features, r));
  let best: { centroids: Centroid[]; similarity: number } | undefined;
  for (let restart = 0; restart < RESTARTS; restart++) {
    const result = kMeans(vectors, k, random);
    if (!best || result.similarity > best.similarity) best = result;
  }
  return best!.centroids;
}

function kMeans(
  vectors: readonly Centroid[],
  k: number,
  random: () => number,
): { centroids: Centroid[]; similarity: number } {
  // k-means++: each next start drawn in proportion to its distance from the starts so far.
  let centroids: Centroid[] = [vectors[Math.floor(random() * vectors.length)]!];
  while (centroids.length < k) {
    const distance = vectors.map((v) => Math.max(0, 1 - Math.max(...centroids.map((c) => dot(v, c)))));
    const total = distance.reduce((a, b) => a + b, 0);
    if (total === 0) break; // every row is a copy of a start: fewer clusters than asked
    let u = random() * total;
    let i = 0;
    while (i < distance.length - 1 && u >= distance[i]!) u -= distance[i++]!;
    centroids.push(vectors[i]!);
  }
  let assignment: number[] = [];
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    const next = vectors.map((v) => nearest(v, centroids));
    if (next.every((a, i) => a === assignment[i])) break;
    assignment = next;
    centroids = centroids.map((c, j) => normalisedMean(vectors.filter((_, i) => assignment[i] === j)) ?? c);
  }
  // Rows go to their nearest final centroid (as `classOf` sends them), and a cluster left without rows is dropped, so
  // each class has rows to learn from.
  assignment = vectors.map((v) => nearest(v, centroids));
  const used = [...new Set(assignment)].sort((a, b) => a - b);
  centroids = used.map((j) => centroids[j]!);
  const similarity = vectors.reduce((sum, v) => sum + Math.max(...centroids.map((c) => dot(v, c))), 0);
  return { centroids, similarity };
}

function rowVector(features: FeatureMatrix, row: number): Centroid {
  const v: Centroid = new Map();
  for (let i = features.offsets[row]!; i < features.offsets[row + 1]!; i++)
    v.set(features.ids[i]!, (v.get(features.ids[i]!) ?? 0) + features.weights[i]!);
  return v;
}

function nearestCentroid(features: FeatureMatrix, row: number, centroids: readonly Centroid[]): number {
  return nearest(rowVector(features, row), centroids);
}

function nearest(v: Centroid, centroids: readonly Centroid[]): number {
  let best = 0;
  let bestSimilarity = -Infinity;
  centroids.forEach((c, j) => {
    const s = dot(v, c);
    if (s > bestSimilarity) [best, bestSimilarity] = [j, s];
  });
  return best;
}

function dot(a: Centroid, b: Centroid): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [id, x] of small) sum += x * (large.get(id) ?? 0);
  return sum;
}

function normalisedMean(vectors: readonly Centroid[]): Centroid | undefined {
  if (vectors.length === 0) return undefined;
  const sum: Centroid = new Map();
  for (const v of vectors) for (const [id, x] of v) sum.set(id, (sum.get(id) ?? 0) + x);
  const norm = Math.sqrt([...sum.values()].reduce((a, x) => a + x * x, 0)) || 1;
  for (const [id, x] of sum) sum.set(id, x / norm);
  return sum;
}
