const UNKNOWN = 0;
const LIVE = 1;
const DEAD = 2;

/**
 * Which rows of an ensemble member's embedding table hold only zeros: the n-grams its view never shows it (a words
 * member's character n-grams, say), about half of each view member's rows. Pooling skips them. Each row is looked at
 * the first time a text uses it, not all at load: scanning the default model's 4.9 million codes up front cost ~11 ms
 * of every cold start, most of it for rows no request ever touches.
 */
export class RowLiveness {
  private readonly state: Uint8Array;

  /**
   * @param values - the row-major `[rows, dim]` table: floats, or uint8 codes
   * @param zero - the value (or code) that stands for 0
   */
  constructor(
    private readonly values: Float32Array | Uint8Array,
    private readonly dim: number,
    private readonly zero: number,
  ) {
    this.state = new Uint8Array(Math.floor(values.length / dim));
  }

  /** Whether every value of row `id` is zero (decided on first use, then remembered). */
  isDead(id: number): boolean {
    let state = this.state[id]!;
    if (state === UNKNOWN) state = this.state[id] = this.scan(id);
    return state === DEAD;
  }

  private scan(id: number): number {
    const { values, dim, zero } = this;
    for (let at = id * dim, end = at + dim; at < end; at++) if (values[at] !== zero) return LIVE;
    return DEAD;
  }
}
