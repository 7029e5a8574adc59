import { LimitExceededError } from '../errors.ts';

/** Room for an entry's field tags, lengths, ids and timestamps besides its byte fields. */
export const ENTRY_OVERHEAD_BYTES = 64;

/**
 * Counts a response's size from what it will hold, before it is built, and refuses it as soon as
 * it would pass the limit: encoding first and checking after would already have held it in memory.
 */
export class ResponseBudget {
  private used = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly what: string,
  ) {}

  /** Adds one entry holding these byte fields; throws LimitExceededError past the limit. */
  add(...fields: (Uint8Array | undefined)[]): void {
    this.used += ENTRY_OVERHEAD_BYTES;
    for (const field of fields) this.used += field?.length ?? 0;
    if (this.used > this.maxBytes) {
      throw new LimitExceededError(`the ${this.what} response would exceed the ${this.maxBytes}-byte limit; ask for fewer entries`);
    }
  }
}

/**
 * Looks each distinct request up once, one at a time, and answers one result per request as asked
 * (repeats share their result), so repeating a request costs no more lookups than making it once.
 * `admit` sees each result in order before the next lookup, so a budget can stop the loop early.
 */
export async function lookupOncePer<Request, T>(
  requests: Request[],
  keyOf: (request: Request) => string,
  lookup: (request: Request) => Promise<T>,
  admit: (result: T) => void,
): Promise<T[]> {
  const found = new Map<string, T>();
  const results: T[] = [];
  for (const request of requests) {
    const key = keyOf(request);
    if (!found.has(key)) found.set(key, await lookup(request));
    const result = found.get(key)!;
    admit(result);
    results.push(result);
  }
  return results;
}

/** Byte ids (group ids, installation keys) as map keys. */
export const hexKey = (id: Uint8Array): string => Buffer.from(id).toString('hex');

/**
 * Whether a page read with `maxBytes` was cut short by it: the store stops right after the item
 * that takes the total past the limit, so only then does the page hold more.
 */
export function pageCutShort(payloads: Uint8Array[], maxBytes: number): boolean {
  let bytes = 0;
  for (const payload of payloads) bytes += payload.length;
  return bytes > maxBytes;
}
