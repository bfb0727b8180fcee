/**
 * How text becomes model input. Stored in the bundle's manifest so serving repeats exactly what training did.
 */
export interface PreprocessingConfig {
  /** Text normalisation applied before tokenising. */
  normalization: {
    unicode: 'NFKC';
    lowercase: boolean;
  };
  /** Word tokens: runs of letters/digits (apostrophes inside a word kept). */
  tokenization: 'unicode-words';
  /** Word n-gram sizes, inclusive, or null for none. */
  wordNgrams: [number, number] | null;
  /** Character n-gram sizes, inclusive, or null for none. */
  charNgrams: [number, number] | null;
  /**
   * `word-bounded`: character n-grams inside each word padded with one space each side (like scikit-learn's `char_wb`);
   * `text`: character n-grams over the whole normalised text padded with one space each side.
   */
  charNgramMode: 'word-bounded' | 'text';
  /** Characters of normalised text considered; the rest is ignored so the cost per text is bounded. */
  maxChars: number;
  /** Distinct known n-grams kept per text (the model's sequence length cap); word n-grams come first. */
  maxNgrams: number;
  /** Term weighting: sublinear tf (1 + ln tf) or raw counts, times idf, then L2-normalised. */
  weighting: {
    tf: 'sublinear' | 'raw';
    idf: boolean;
    norm: 'l2' | 'none';
  };
  /** Bundle-relative file holding the vocabulary (`{"tokens": [...], "idf": [...]}`); token i has id i + 1, id 0 pads. */
  vocabularyFile: string;
  vocabularySize: number;
}
