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
  /** The token of each id (ids are small, dense integers). */
  private readonly tokens: string[] = [];

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
      if (this.tokens[found] === token) return false;
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
      const token = this.tokens[id]!;
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
      const token = this.tokens[id]!;
      if (token.length === length && token.startsWith(prefix) && sameWords(token, prefix.length, words, start, n)) return id;
      slot = (slot + 1) & this.mask;
    }
    return 0;
  }
}

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
