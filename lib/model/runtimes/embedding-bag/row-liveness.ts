import { Buffer } from 'node:buffer';

const UNKNOWN = 0;
const LIVE = 1;
const DEAD = 2;

/**
 * Which rows of an ensemble member's embedding table hold only zeros: the n-grams its view never shows it (a words
 * member's character n-grams, say), about half of each view member's rows. Pooling skips them. Each row is looked at
 * the first time a text uses it, not all at load: scanning the default model's 4.9 million codes up front cost ~11 ms
 * of every cold start, most of it for rows no request ever touches. The look is one native byte comparison with an
 * all-zero row, so it costs the same in the interpreter, where a cold start's first requests run, as once optimised.
 * When the table is read from disk row by row (a proven package, `readWeightValues`), that first use also reads it.
 */
export class RowLiveness {
  private readonly state: Uint8Array;
  private readonly bytes: Uint8Array;
  private readonly rowBytes: number;
  private readonly zeroRow: Uint8Array | undefined;

  /**
   * @param values - the row-major `[rows, dim]` table: floats, or uint8 codes
   * @param zero - the code that stands for 0 (uint8 codes; float tables use 0), or `undefined` when no code does
   *   (then no row is dead)
   * @param loadRow - reads a row into `values` (tables read row by row); called once, before the row is first looked at
   */
  constructor(
    values: Float32Array | Uint8Array,
    dim: number,
    zero: number | undefined,
    private readonly loadRow?: (row: number) => void,
  ) {
    this.state = new Uint8Array(Math.floor(values.length / dim));
    this.bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    this.rowBytes = dim * values.BYTES_PER_ELEMENT;
    // A float row of -0 does not compare equal, so it is read as live: pooling then adds zeros, which is still right.
    this.zeroRow = zero === undefined ? undefined : new Uint8Array(this.rowBytes).fill(values instanceof Uint8Array ? zero : 0);
  }

  /** Whether every value of row `id` is zero (decided on first use, then remembered). */
  isDead(id: number): boolean {
    let state = this.state[id]!;
    if (state === UNKNOWN) {
      this.loadRow?.(id);
      const at = id * this.rowBytes;
      const dead = this.zeroRow !== undefined && Buffer.compare(this.bytes.subarray(at, at + this.rowBytes), this.zeroRow) === 0;
      state = this.state[id] = dead ? DEAD : LIVE;
    }
    return state === DEAD;
  }
}
