/** One byte array from a block's chunks, however a block store or a caller hands them over. */
export async function collectBytes(
  chunks: Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
): Promise<Uint8Array<ArrayBuffer>> {
  const parts: Uint8Array[] = [];
  if (chunks instanceof Uint8Array) parts.push(chunks);
  else for await (const chunk of chunks) parts.push(chunk);
  const bytes = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}
