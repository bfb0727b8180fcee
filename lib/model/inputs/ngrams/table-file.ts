/**
 * A vocabulary's lookup table in a binary layout that loads without parsing or hashing: an optional file derived
 * from the bundle's `vocab.json` (the bundle format does not change; the trainer still writes only the JSON).
 *
 * Why: at a cold start, `JSON.parse` of the vocabulary and hashing its 30,000 tokens into an {@link NgramTable}
 * were the largest step after module evaluation (`npm run bench`, cold-start breakdown). From this file the same
 * table is typed-array views over the file's bytes and one UTF-8 decode (token strings are cut out when a lookup first
 * needs them).
 *
 * Layout (little-endian): a 96-byte header, then the body:
 *
 *   magic "ATNGRAM1" | scheme hash (32 B) | source sha256 (32 B) | body sha256 (16 B, truncated) | tokens u32 | slots u32
 *   body: slots int32[slots] | idf float32[tokens + 1] | token ends uint32[tokens + 1] | every token, UTF-8, concatenated
 *
 * It proves what it was derived from: the sha256 of the `vocab.json` it came from (which the manifest pins and the
 * loader has just verified) and of the table scheme it was built with, and a checksum of its own body. A file that
 * does not match any of them is ignored, and the vocabulary is read from the JSON as before.
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import { NGRAM_TABLE_SCHEME, NgramTable } from './ngram-table';
import { vocabularyFromTable, type Vocabulary } from './vocabulary';

const MAGIC = 'ATNGRAM1';
const HEADER_BYTES = 96;

/** The extension of a derived table file, named `<sha256 of its vocab.json>.ngtable`. */
export const TABLE_FILE_EXTENSION = '.ngtable';

function sha256(bytes: Uint8Array | string): Buffer {
  return createHash('sha256').update(bytes).digest();
}

let schemeHash: Buffer | undefined;
/** The sha256 of {@link NGRAM_TABLE_SCHEME}, computed when first needed (not at module load, so a cold start that trusts its table never hashes). */
const schemeHashOf = (): Buffer => (schemeHash ??= sha256(NGRAM_TABLE_SCHEME));

function bytesOf(array: Int32Array | Float32Array | Uint32Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

/**
 * Encodes a vocabulary's table.
 *
 * @param vocabulary - the vocabulary read from `vocab.json`
 * @param sourceSha256 - hex sha256 of that `vocab.json`, as the manifest pins it
 *
 * @example
 * writeFileSync(`model-cache/${entry.sha256}.ngtable`, encodeTableFile(vocabularyFromJson(json), entry.sha256));
 */
export function encodeTableFile(vocabulary: Vocabulary, sourceSha256: string): Buffer {
  const { slots, text, ends } = vocabulary.table.layout();
  const body = Buffer.concat([bytesOf(slots), bytesOf(vocabulary.idf), bytesOf(ends), Buffer.from(text, 'utf8')]);
  const header = Buffer.alloc(HEADER_BYTES);
  header.write(MAGIC, 0, 'latin1');
  schemeHashOf().copy(header, 8);
  Buffer.from(sourceSha256, 'hex').copy(header, 40);
  sha256(body).copy(header, 72, 0, 16);
  header.writeUInt32LE(vocabulary.size, 88);
  header.writeUInt32LE(slots.length, 92);
  return Buffer.concat([header, body]);
}

/**
 * Decodes a table file into a {@link Vocabulary}, if it is one derived from the given `vocab.json` with this
 * table scheme and its body is intact.
 *
 * @param bytes - the file
 * @param sourceSha256 - hex sha256 of the bundle's verified `vocab.json`
 * @param trusted - the file is part of a package packaging verified (`provenManifestSha256`): its scheme and body
 *   checksums are not computed (the source sha256 and the layout are still checked)
 * @returns the vocabulary, or the reason the file does not apply (the caller then reads the JSON)
 */
export function decodeTableFile(bytes: Uint8Array, sourceSha256: string, { trusted = false } = {}): Vocabulary | string {
  if (os.endianness() !== 'LE') return 'written little-endian';
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (file.length < HEADER_BYTES || file.toString('latin1', 0, 8) !== MAGIC) return 'not a table file';
  if (!trusted && !file.subarray(8, 40).equals(schemeHashOf())) return 'made with another table scheme';
  if (file.toString('hex', 40, 72) !== sourceSha256) return 'derived from another vocabulary file';
  const body = file.subarray(HEADER_BYTES);
  if (!trusted && !sha256(body).subarray(0, 16).equals(file.subarray(72, 88))) return 'body checksum does not match';
  const size = file.readUInt32LE(88);
  const capacity = file.readUInt32LE(92);
  const idfAt = capacity * 4;
  const endsAt = idfAt + (size + 1) * 4;
  const textAt = endsAt + (size + 1) * 4;
  if (textAt > body.length) return 'truncated';
  // Typed arrays need 4-byte alignment: copy the numeric part once if the buffer is not aligned.
  const numeric = body.byteOffset % 4 === 0 ? body : Buffer.from(body.subarray(0, textAt));
  const view = <T>(Type: new (buffer: ArrayBufferLike, offset: number, length: number) => T, at: number, length: number): T =>
    new Type(numeric.buffer, numeric.byteOffset + at, length);
  try {
    const table = NgramTable.fromLayout({
      slots: view(Int32Array, 0, capacity),
      ends: view(Uint32Array, endsAt, size + 1),
      text: body.toString('utf8', textAt),
    });
    return vocabularyFromTable(table, view(Float32Array, idfAt, size + 1));
  } catch (error) {
    return (error as Error).message;
  }
}
