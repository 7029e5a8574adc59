import { createHash } from 'node:crypto';

/** What makes a republished message or welcome a duplicate: the same payload on the same topic. */
export function dedupeHash(topic: Uint8Array, data: Uint8Array): Uint8Array {
  return createHash('sha256').update(topic).update(data).digest();
}
