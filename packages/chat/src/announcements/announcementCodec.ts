/**
 * The `ticketchat.app/announcement:1.0` content type: the creator's (or a staff member's) word to
 * the whole event, sent once into every section. Its content is `{ id, text }`: the same random id
 * in every section, so a room shows one announcement even if a retry delivered it twice.
 * Who may announce is not in the content (anyone can send any content type): rooms decide that from
 * the sender's inbox.
 */

import type { XmtpEncodedContent } from '../sdk/types.ts';

/** An announcement's content. */
export interface Announcement {
  /** 128 random bits as 32 lowercase hex digits, the same in every section. */
  id: string;
  text: string;
}

/** The content type id, in the shape both SDKs' `ContentTypeId` have. */
export const ANNOUNCEMENT_CONTENT_TYPE = {
  authorityId: 'ticketchat.app',
  typeId: 'announcement',
  versionMajor: 1,
  versionMinor: 0,
} as const;

/** Longest announcement text, in UTF-16 code units (one screen, not a document). */
export const MAX_ANNOUNCEMENT_LENGTH = 4_000;
/** Encoded contents larger than this are not even parsed: a valid one is far smaller. */
const MAX_ENCODED_BYTES = 64 * 1024;
const ANNOUNCEMENT_ID = /^[0-9a-f]{32}$/;

/** The announcement, or undefined when `value` is not a well-formed one (wrong id, empty or oversized text, extra fields). */
export function parseAnnouncement(value: unknown): Announcement | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { id, text, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return undefined;
  if (typeof id !== 'string' || !ANNOUNCEMENT_ID.test(id)) return undefined;
  if (typeof text !== 'string' || text.trim().length === 0 || text.length > MAX_ANNOUNCEMENT_LENGTH) return undefined;
  return { id, text };
}

/** A fresh announcement id: 128 bits from the platform's CSPRNG (Node and browsers alike). */
export function newAnnouncementId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * The codec both runtimes register with their SDK (`codecs: [announcementCodec]`). `decode` never
 * throws: malformed bytes from a hostile sender decode to undefined, which a room drops (the SDKs
 * log a warning for every codec that throws).
 */
export const announcementCodec = {
  contentType: ANNOUNCEMENT_CONTENT_TYPE,
  encode(announcement: Announcement): XmtpEncodedContent {
    const valid = parseAnnouncement(announcement);
    if (!valid) throw new TypeError('An announcement needs a 32-hex-digit id and a non-blank text of at most 4,000 characters.');
    return {
      type: { ...ANNOUNCEMENT_CONTENT_TYPE },
      parameters: {},
      // What a client without this codec shows instead.
      fallback: `Announcement: ${valid.text}`,
      content: new TextEncoder().encode(JSON.stringify(valid)),
    };
  },
  decode(encoded: XmtpEncodedContent): Announcement | undefined {
    if (!(encoded.content instanceof Uint8Array) || encoded.content.byteLength > MAX_ENCODED_BYTES) return undefined;
    try {
      return parseAnnouncement(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(encoded.content)));
    } catch {
      return undefined;
    }
  },
  fallback: (announcement: Announcement | undefined): string | undefined => announcement && `Announcement: ${announcement.text}`,
  shouldPush: (): boolean => true,
};

/** Whether a message's content type is the announcement type (authority and type both: anyone may name a type "announcement"). */
export function isAnnouncementType(contentType: { authorityId?: string; typeId: string } | undefined): boolean {
  return contentType?.authorityId === ANNOUNCEMENT_CONTENT_TYPE.authorityId && contentType.typeId === ANNOUNCEMENT_CONTENT_TYPE.typeId;
}
