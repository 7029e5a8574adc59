import { BaseError } from '@ticketchat/errors';

/**
 * A structured join request, the machine-readable twin of the text "join <event id>": a holder's
 * client sends it by DM to the membership agent, which checks the sender's tickets on the chain
 * and adds the inbox to the event's group. On the wire: UTF-8 JSON `{"eventId":"<decimal>"}`.
 */
export interface JoinRequest {
  /** The event's id in decimal (a uint256 can exceed a JavaScript number). */
  eventId: string;
}

/** `ticketchat.app/join-request:1.0`. */
export const ContentTypeJoinRequest = {
  authorityId: 'ticketchat.app',
  typeId: 'join-request',
  versionMajor: 1,
  versionMinor: 0,
} as const;

/** The SDKs' EncodedContent, spelled out so the codec serves @xmtp/node-sdk and @xmtp/browser-sdk alike. */
export interface EncodedJoinRequest {
  type?: { authorityId: string; typeId: string; versionMajor: number; versionMinor: number };
  parameters: Record<string, string>;
  fallback?: string;
  compression?: number;
  content: Uint8Array;
}

export type JoinRequestErrorType = JoinRequestError & { name: 'JoinRequestError' };

/** A join request that is not one: `shortMessage` says what is wrong, for the refusal sent back. */
export class JoinRequestError extends BaseError {
  override name = 'JoinRequestError';
}

/** A real request is about 30 bytes; anything near this is junk, refused before it is parsed. */
const MAX_CONTENT_BYTES = 1_024;
const MAX_UINT256 = 2n ** 256n - 1n;
/** Canonical decimal: no sign, no leading zero, no exponent; event ids start at 1. */
const DECIMAL = /^[1-9][0-9]{0,77}$/;

/**
 * The event id as a canonical decimal uint256, or a JoinRequestError saying why not.
 * @throws {JoinRequestError}
 */
export function checkJoinRequest(value: unknown): JoinRequest {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new JoinRequestError('A join request must be a JSON object like {"eventId":"7"}.');
  }
  const { eventId } = value as { eventId?: unknown };
  if (eventId === undefined) throw new JoinRequestError('A join request needs an eventId.');
  if (typeof eventId !== 'string') {
    throw new JoinRequestError(`eventId must be a string of decimal digits, got a ${eventId === null ? 'null' : typeof eventId}.`);
  }
  if (!DECIMAL.test(eventId) || BigInt(eventId) > MAX_UINT256) {
    throw new JoinRequestError(`eventId must be a positive decimal uint256 without leading zeros, got "${eventId.slice(0, 80)}".`);
  }
  return { eventId };
}

/**
 * The content codec of `ticketchat.app/join-request:1.0`, for an SDK client's `codecs` (to read
 * requests) or its `send(joinRequestCodec.encode({ eventId }))`. Its fallback is the text
 * request, so a client without the codec shows (and an agent reading text understands) the same.
 * Decoding refuses compressed content, anything over 1 KiB, non-UTF-8, non-JSON and every
 * malformed eventId with a JoinRequestError.
 *
 * @example
 * await dm.send(joinRequestCodec.encode({ eventId: event.eventId.toString() }));
 */
export const joinRequestCodec = {
  contentType: ContentTypeJoinRequest,
  encode(request: JoinRequest): EncodedJoinRequest {
    const { eventId } = checkJoinRequest(request);
    return {
      type: { ...ContentTypeJoinRequest },
      parameters: {},
      fallback: `join ${eventId}`,
      content: new TextEncoder().encode(JSON.stringify({ eventId })),
    };
  },
  decode(encoded: EncodedJoinRequest): JoinRequest {
    // A compressed body would be inflated before its size could be checked.
    if (encoded.compression !== undefined && encoded.compression !== null) {
      throw new JoinRequestError('A join request must not be compressed.');
    }
    if (encoded.content.byteLength > MAX_CONTENT_BYTES) {
      throw new JoinRequestError(`A join request is at most ${MAX_CONTENT_BYTES} bytes, got ${encoded.content.byteLength}.`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(encoded.content));
    } catch {
      throw new JoinRequestError('A join request must be UTF-8 JSON like {"eventId":"7"}.');
    }
    return checkJoinRequest(parsed);
  },
  fallback: (request: JoinRequest): string => `join ${request.eventId}`,
  shouldPush: (): boolean => true,
};
