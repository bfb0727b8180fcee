/** How rows are read and answered, the same for the CLI (`npm run score`) and the `scoreBatch` worker. */
export interface ScoreOptions {
  /**
   * The column (CSV) or field (JSON Lines) holding the text, for text models.
   * @default 'text'
   */
  textColumn: string;
  /**
   * The column echoed as each result's id; a file without it is answered with row numbers instead.
   * @default 'id'
   */
  idColumn: string;
  /** How many labels to return in `top`, best first; absent: no `top` (label, score and abstained only). */
  topK?: number;
  /** Abstention threshold in [0, 1] overriding the stage's and the bundle's (as the API's `threshold`). */
  threshold?: number;
}

/** The defaults of {@link ScoreOptions}, declared once for the CLI's help and the worker. */
export const SCORE_DEFAULTS = { textColumn: 'text', idColumn: 'id' } as const satisfies Partial<ScoreOptions>;
