import {
  forEachNgram,
  normalizeText,
  type PreprocessingConfig,
  type VocabularyFile,
} from '../../lib/model/inputs/ngrams';

export interface VocabularyOptions {
  /** Keep n-grams seen in at least this many training texts. */
  minDf: number;
  /** Keep at most this many n-grams (the most frequent by document frequency). */
  maxSize: number;
}

/**
 * Builds the n-gram vocabulary and smooth idf (`ln((1 + n) / (1 + df)) + 1`, as scikit-learn) from training texts.
 * Order: document frequency descending, then key, so the same texts always give the same ids.
 */
export function buildVocabulary(
  texts: readonly string[],
  config: PreprocessingConfig,
  options: VocabularyOptions,
): VocabularyFile {
  const df = new Map<string, number>();
  const seen = new Set<string>();
  for (const text of texts) {
    seen.clear();
    forEachNgram(normalizeText(text, config.maxChars, config.normalization.lowercase), config, (key) => {
      if (seen.has(key)) return;
      seen.add(key);
      df.set(key, (df.get(key) ?? 0) + 1);
    });
  }
  const kept = [...df].filter(([, count]) => count >= options.minDf);
  kept.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const chosen = kept.slice(0, options.maxSize);
  const n = texts.length;
  return {
    tokens: chosen.map(([key]) => key),
    idf: chosen.map(([, count]) => Math.round((Math.log((1 + n) / (1 + count)) + 1) * 1e4) / 1e4),
  };
}
