/** `join 7`, `join #7`, `/join 7` (any case, surrounding spaces); the event id as a bigint, or undefined. */
export function parseJoinRequest(text: unknown): bigint | undefined {
  if (typeof text !== 'string' || text.length > 200) return undefined;
  const match = /^\s*\/?join\s+#?([1-9][0-9]{0,77})\s*$/i.exec(text);
  return match ? BigInt(match[1]!) : undefined;
}
