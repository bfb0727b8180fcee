/**
 * Parts end to end in one byte array; a lone part is returned as a view of its own bytes, not copied (the weights of
 * a bundle are one 4.9 MB file, read once).
 */
export function concatBytes(parts: readonly (Uint8Array | ArrayBuffer)[]): Uint8Array {
  // Plain Uint8Array views, also of a Buffer: a Buffer's slice() is a view, where callers expect a copy.
  const views = parts.map((part) => (part instanceof Uint8Array ? new Uint8Array(part.buffer, part.byteOffset, part.byteLength) : new Uint8Array(part)));
  if (views.length === 1) return views[0]!;
  const out = new Uint8Array(views.reduce((n, view) => n + view.byteLength, 0));
  let at = 0;
  for (const view of views) {
    out.set(view, at);
    at += view.byteLength;
  }
  return out;
}

/**
 * {@link concatBytes} as an ArrayBuffer holding exactly those bytes (what tfjs's `weightData` is): handed over when
 * the bytes fill their own buffer (a file read whole), copied otherwise.
 */
export function concatToArrayBuffer(parts: readonly (Uint8Array | ArrayBuffer)[]): ArrayBuffer {
  const bytes = concatBytes(parts);
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  return whole ? (bytes.buffer as ArrayBuffer) : (new Uint8Array(bytes).buffer as ArrayBuffer);
}
