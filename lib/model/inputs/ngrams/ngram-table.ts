/**
 * The vocabulary's token -> id table, looked up by pieces of a text without building the token string.
 *
 * Why it exists: vectorizing one text looks up a few hundred n-grams. With a `Map` every lookup first builds the
 * key (`'c:' + slice`, or `'w:' + words.join(' ')`) and then hashes it; here the hash is computed straight from the
 * text's char codes and the token is compared in place, so a lookup allocates nothing. That makes `vectorize` about
 * twice as fast (see `npm run bench`), which matters because it runs once per text in every request.
 */
export class NgramTable {
  private count = 0;
  private readonly mask: number;
  /** Open addressing with linear probing: the id stored in each slot, 0 for an empty slot. */
  private readonly slots: Int32Array;
  /** The token of each id (ids are small, dense integers); from a layout, filled in as lookups need them. */
  private readonly tokens: (string | undefined)[] = [];
  /** From a layout: every token, in id order, as one text, and where each ends in it (`ends[0]` is 0). */
  private readonly text: string = '';
  private readonly ends: Uint32Array | undefined;

  /**
   * @param maxTokens - how many tokens will be added at most
   */
  constructor(maxTokens: number) {
    // At most half full, so a miss (most lookups: unknown n-grams) ends after one or two probes.
    let capacity = 16;
    while (capacity < maxTokens * 2) capacity *= 2;
    this.mask = capacity - 1;
    this.slots = new Int32Array(capacity);
  }

  /**
   * A table from the layout another table had (see {@link NgramTable.layout}): no token is hashed and no token
   * string is made until a lookup needs it, which were most of the cost of building one (see `table-file.ts`).
   * The layout must come from a table of the same {@link NGRAM_TABLE_SCHEME} (the table file checks that).
   *
   * @param layout - the slots, and every token as one text with the offset where each ends
   * @throws RangeError when the slots are not a power of two with at least one free slot, or the offsets do not fit the text
   */
  static fromLayout(layout: NgramTableLayout): NgramTable {
    const { slots, text, ends } = layout;
    if (slots.length < 16 || (slots.length & (slots.length - 1)) !== 0) throw new RangeError('NgramTable slots must be a power of two');
    // A free slot ends every probe chain; without one a missing token would be searched for forever.
    if (slots.indexOf(0) === -1) throw new RangeError('NgramTable slots must have a free slot');
    if (ends.length === 0 || ends[0] !== 0 || ends[ends.length - 1] !== text.length) throw new RangeError('NgramTable token offsets do not fit the text');
    const table = new NgramTable(0);
    const tokens: (string | undefined)[] = new Array<string | undefined>(ends.length);
    Object.assign(table, { mask: slots.length - 1, slots, tokens, count: ends.length - 1, text, ends });
    return table;
  }

  /**
   * The table as plain arrays, to be stored and given to {@link NgramTable.fromLayout}.
   *
   * @throws RangeError unless the ids are 1 to {@link NgramTable.size}, as a vocabulary's are
   */
  layout(): NgramTableLayout {
    const ends = new Uint32Array(this.count + 1);
    const parts: string[] = [];
    for (let id = 1; id <= this.count; id++) {
      if (this.tokens[id] === undefined && !this.ends) throw new RangeError(`NgramTable.layout needs ids 1..${this.count}; ${id} is missing`);
      const token = this.token(id);
      parts.push(token);
      ends[id] = ends[id - 1]! + token.length;
    }
    return { slots: this.slots, text: parts.join(''), ends };
  }

  /** The token with id `id` (made from the layout text on first use, when the table came from a layout). */
  token(id: number): string {
    let token = this.tokens[id];
    if (token === undefined) {
      token = this.text.slice(this.ends![id - 1], this.ends![id]);
      this.tokens[id] = token;
    }
    return token;
  }

  /** How many tokens the table holds. */
  get size(): number {
    return this.count;
  }

  /**
   * Adds a token.
   *
   * @param token - the token
   * @param id - its id, a positive integer
   * @returns false (and changes nothing) when the token is already in the table
   */
  add(token: string, id: number): boolean {
    if (this.count * 2 >= this.slots.length) throw new RangeError('NgramTable is full');
    let slot = hashRange(OFFSET_BASIS, token, 0, token.length) & this.mask;
    for (let found = this.slots[slot]!; found !== 0; found = this.slots[slot]!) {
      if (this.token(found) === token) return false;
      slot = (slot + 1) & this.mask;
    }
    this.slots[slot] = id;
    this.tokens[id] = token;
    this.count++;
    return true;
  }

  /** The id of `token`, or 0 when it is not in the table. */
  get(token: string): number {
    return this.getRange('', token, 0, token.length);
  }

  /**
   * The id of the token `prefix + text.slice(start, end)`, or 0.
   *
   * @param prefix - e.g. `c:`
   * @param text - the string holding the rest of the token
   * @param start - its first UTF-16 unit
   * @param end - one past its last unit
   */
  getRange(prefix: string, text: string, start: number, end: number): number {
    const length = prefix.length + end - start;
    let slot = hashRange(hashRange(OFFSET_BASIS, prefix, 0, prefix.length), text, start, end) & this.mask;
    for (let id = this.slots[slot]!; id !== 0; id = this.slots[slot]!) {
      const token = this.token(id);
      if (token.length === length && token.startsWith(prefix) && sameRange(token, prefix.length, text, start, end)) return id;
      slot = (slot + 1) & this.mask;
    }
    return 0;
  }

  /**
   * The id of the token `prefix + words.slice(start, start + n).join(' ')`, or 0.
   *
   * @param prefix - e.g. `w:`
   * @param words - the text's words
   * @param start - index of the first word
   * @param n - how many words
   */
  getWords(prefix: string, words: readonly string[], start: number, n: number): number {
    let h = hashRange(OFFSET_BASIS, prefix, 0, prefix.length);
    let length = prefix.length + n - 1;
    for (let i = start; i < start + n; i++) {
      if (i > start) h = Math.imul(h ^ SPACE, FNV_PRIME);
      const word = words[i]!;
      h = hashRange(h, word, 0, word.length);
      length += word.length;
    }
    let slot = h & this.mask;
    for (let id = this.slots[slot]!; id !== 0; id = this.slots[slot]!) {
      const token = this.token(id);
      if (token.length === length && token.startsWith(prefix) && sameWords(token, prefix.length, words, start, n)) return id;
      slot = (slot + 1) & this.mask;
    }
    return 0;
  }
}

/** What {@link NgramTable.layout} returns: enough to rebuild the table without hashing. */
export interface NgramTableLayout {
  /** Open-addressing slots: a token id, or 0 for a free slot. */
  slots: Int32Array;
  /** Every token in id order, concatenated. */
  text: string;
  /** Where each token ends in `text` (UTF-16 units): token `id` is `text.slice(ends[id - 1], ends[id])`; `ends[0]` is 0. */
  ends: Uint32Array;
}

/**
 * The hashing and probing scheme of {@link NgramTable}. A stored layout is only valid for the scheme it was made
 * with: change this whenever `hashRange`, the probing or the capacity rule changes.
 */
export const NGRAM_TABLE_SCHEME = 'fnv1a32-utf16-linear-probe-half-full';

// 32-bit FNV-1a over UTF-16 units.
const OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const SPACE = 0x20;

function hashRange(h: number, text: string, start: number, end: number): number {
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

function sameRange(token: string, at: number, text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++, at++) if (token.charCodeAt(at) !== text.charCodeAt(i)) return false;
  return true;
}

function sameWords(token: string, at: number, words: readonly string[], start: number, n: number): boolean {
  for (let i = start; i < start + n; i++) {
    if (i > start && token.charCodeAt(at++) !== SPACE) return false;
    const word = words[i]!;
    if (!sameRange(token, at, word, 0, word.length)) return false;
    at += word.length;
  }
  return true;
}
