import { MetadataValidationError, type MetadataIssue } from './errors.ts';
import { parseCidReference } from './reference.ts';

export const eventMetadataSchemaVersion = 1;

/** A 20-byte EVM address, `0x` and 40 hex digits in any case (the type viem calls `Address`). */
type Address = `0x${string}`;
const addressPattern = /^0x[0-9a-fA-F]{40}$/;

/** The JSON document an event's `metadataURI` points at. See the package README for the field table. */
export type EventMetadata = {
  schemaVersion: typeof eventMetadataSchemaVersion;
  title: string;
  description: string;
  category: string;
  /** ISO 8601 with a time zone, e.g. `2026-12-01T20:00:00Z`. */
  startsAt: string;
  endsAt: string;
  /** `ipfs://<CID>` or an `https://` URL. */
  image: string;
  chat: {
    /** The XMTP group id as the SDK prints it: lowercase hex, no `0x`. The chain records the same id. */
    xmtpGroupId: string;
    /**
     * An event larger than one XMTP group: every section's group id, in section order.
     * `sections[0]` is `xmtpGroupId`. Absent: the event has one group. Readers trust this list only
     * from the metadata whose CID the chain names.
     */
    sections?: string[];
    /** How many ticket holders' inboxes one section holds; present exactly when `sections` is. */
    sectionSeats?: number;
    /** Addresses the creator names as staff: they may announce, and sit in every section. */
    staff?: Address[];
  };
  chain: {
    chainId: number;
    registry: Address;
    kiosk: Address;
  };
  /** The on-chain event id, as a decimal string; absent in the first version, written before the event exists. */
  eventId?: string;
};

const limits = { title: 200, description: 5_000, category: 64, url: 2_048 } as const;

/** Bounds of the optional chat section fields (an XMTP group holds at most 250 inboxes). */
export const chatSectionLimits = { minSections: 2, maxSections: 1_000, maxSectionSeats: 250, maxStaff: 50 } as const;
const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const lowercaseHex = /^(?:[0-9a-f]{2})+$/;

/** JSON Schema (draft 2020-12) of the same rules, for other languages and tools. */
export const eventMetadataJsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://ticketchat.invalid/schemas/event-metadata-v1.json',
  title: 'Ticketchat event metadata',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'title', 'description', 'category', 'startsAt', 'endsAt', 'image', 'chat', 'chain'],
  properties: {
    schemaVersion: { const: eventMetadataSchemaVersion },
    title: { type: 'string', minLength: 1, maxLength: limits.title },
    description: { type: 'string', maxLength: limits.description },
    category: { type: 'string', minLength: 1, maxLength: limits.category },
    startsAt: { type: 'string', format: 'date-time', pattern: isoDateTime.source },
    endsAt: { type: 'string', format: 'date-time', pattern: isoDateTime.source, description: 'after startsAt' },
    image: { type: 'string', maxLength: limits.url, pattern: '^(ipfs://|https://)' },
    chat: {
      type: 'object',
      additionalProperties: false,
      required: ['xmtpGroupId'],
      properties: {
        xmtpGroupId: { type: 'string', pattern: lowercaseHex.source },
        sections: {
          type: 'array',
          description: 'every section group id in order; the first equals xmtpGroupId',
          minItems: chatSectionLimits.minSections,
          maxItems: chatSectionLimits.maxSections,
          uniqueItems: true,
          items: { type: 'string', pattern: lowercaseHex.source },
        },
        sectionSeats: { type: 'integer', minimum: 1, maximum: chatSectionLimits.maxSectionSeats },
        staff: {
          type: 'array',
          description: 'no address twice, in any letter case',
          maxItems: chatSectionLimits.maxStaff,
          uniqueItems: true,
          items: { type: 'string', pattern: addressPattern.source },
        },
      },
      dependentRequired: { sections: ['sectionSeats'], sectionSeats: ['sections'] },
    },
    chain: {
      type: 'object',
      additionalProperties: false,
      required: ['chainId', 'registry', 'kiosk'],
      properties: {
        chainId: { type: 'integer', minimum: 1 },
        registry: { type: 'string', pattern: addressPattern.source },
        kiosk: { type: 'string', pattern: addressPattern.source },
      },
    },
    eventId: { type: 'string', pattern: '^[1-9][0-9]*$' },
  },
} as const;

type Check = (value: unknown, path: string, issues: MetadataIssue[]) => void;

const text =
  (minLength: number, maxLength: number): Check =>
  (value, path, issues) => {
    if (typeof value !== 'string') issues.push({ path, message: 'must be a string' });
    else if (value.trim().length < minLength) issues.push({ path, message: 'must not be empty' });
    else if (value.length > maxLength) issues.push({ path, message: `must be at most ${maxLength} characters` });
  };

const dateTime: Check = (value, path, issues) => {
  if (typeof value !== 'string' || !isoDateTime.test(value) || Number.isNaN(Date.parse(value))) {
    issues.push({ path, message: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-12-01T20:00:00Z' });
  }
};

const imageUrl: Check = (value, path, issues) => {
  if (typeof value !== 'string' || value.length > limits.url) {
    issues.push({ path, message: `must be an ipfs:// or https:// URL of at most ${limits.url} characters` });
  } else if (value.startsWith('ipfs://')) {
    try {
      parseCidReference(value.slice('ipfs://'.length).split('/')[0] ?? '');
    } catch {
      issues.push({ path, message: 'must name a valid CID after ipfs://' });
    }
  } else if (!URL.canParse(value) || new URL(value).protocol !== 'https:') {
    issues.push({ path, message: 'must be an ipfs:// or https:// URL' });
  }
};

const groupId: Check = (value, path, issues) => {
  if (typeof value !== 'string' || !lowercaseHex.test(value)) {
    issues.push({ path, message: 'must be the XMTP group id: non-empty, even-length lowercase hex without 0x' });
  }
};

/** A JSON array of at most `max` items (at least `min`), each checked, none repeated (compared by `key`). */
const list =
  (item: Check, { min, max, key }: { min: number; max: number; key: (value: string) => string }): Check =>
  (value, path, issues) => {
    if (!Array.isArray(value) || value.length < min || value.length > max) {
      issues.push({ path, message: `must be a list of ${min} to ${max} entries` });
      return;
    }
    const seen = new Set<string>();
    value.forEach((entry, index) => {
      const before = issues.length;
      item(entry, `${path}[${index}]`, issues);
      if (issues.length > before) return;
      const id = key(entry as string);
      if (seen.has(id)) issues.push({ path: `${path}[${index}]`, message: 'repeats an earlier entry' });
      seen.add(id);
    });
  };

const sectionSeats: Check = (value, path, issues) => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > chatSectionLimits.maxSectionSeats) {
    issues.push({ path, message: `must be an integer from 1 to ${chatSectionLimits.maxSectionSeats}` });
  }
};

const chainId: Check = (value, path, issues) => {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) issues.push({ path, message: 'must be a positive integer' });
};

const address: Check = (value, path, issues) => {
  if (typeof value !== 'string' || !addressPattern.test(value)) issues.push({ path, message: 'must be a 0x-prefixed 20-byte address' });
};

const eventId: Check = (value, path, issues) => {
  if (typeof value !== 'string' || !/^[1-9][0-9]*$/.test(value))
    issues.push({ path, message: 'must be a positive decimal integer as a string' });
};

const schemaVersion: Check = (value, path, issues) => {
  if (value !== eventMetadataSchemaVersion) issues.push({ path, message: `must be ${eventMetadataSchemaVersion}` });
};

type Shape = { [field: string]: Check | Shape };

const shape: Shape = {
  schemaVersion,
  title: text(1, limits.title),
  description: text(0, limits.description),
  category: text(1, limits.category),
  startsAt: dateTime,
  endsAt: dateTime,
  image: imageUrl,
  chat: {
    xmtpGroupId: groupId,
    sections: list(groupId, { min: chatSectionLimits.minSections, max: chatSectionLimits.maxSections, key: (id) => id }),
    sectionSeats,
    staff: list(address, { min: 0, max: chatSectionLimits.maxStaff, key: (value) => value.toLowerCase() }),
  },
  chain: { chainId, registry: address, kiosk: address },
  eventId,
};
const optionalFields = new Set(['eventId', 'chat.sections', 'chat.sectionSeats', 'chat.staff']);

function checkObject(value: unknown, expected: Shape, path: string, issues: MetadataIssue[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    issues.push({ path: path || '(document)', message: 'must be a JSON object' });
    return;
  }
  const record = value as Record<string, unknown>;
  for (const [field, check] of Object.entries(expected)) {
    const fieldPath = path ? `${path}.${field}` : field;
    if (!(field in record)) {
      if (!optionalFields.has(fieldPath)) issues.push({ path: fieldPath, message: 'is required' });
    } else if (typeof check === 'function') check(record[field], fieldPath, issues);
    else checkObject(record[field], check, fieldPath, issues);
  }
  for (const field of Object.keys(record)) {
    if (!(field in expected)) issues.push({ path: path ? `${path}.${field}` : field, message: 'is not a known field' });
  }
}

/** The rules between the section fields, once each is well formed on its own. */
function checkSections(chat: EventMetadata['chat'], issues: MetadataIssue[]): void {
  if (chat.sections === undefined) {
    if (chat.sectionSeats !== undefined) issues.push({ path: 'chat.sectionSeats', message: 'is only allowed with chat.sections' });
    return;
  }
  // The chain records one group id; the list is tied to it by starting with it.
  if (chat.sections[0] !== chat.xmtpGroupId) issues.push({ path: 'chat.sections[0]', message: 'must equal chat.xmtpGroupId' });
  if (chat.sectionSeats === undefined) issues.push({ path: 'chat.sectionSeats', message: 'is required with chat.sections' });
}

/** Returns the document typed if it follows the schema; otherwise throws `MetadataValidationError` naming every bad field. */
export function validateEventMetadata(value: unknown, context: 'write' | 'read' = 'write'): EventMetadata {
  const issues: MetadataIssue[] = [];
  checkObject(value, shape, '', issues);
  if (issues.length === 0) {
    const document = value as EventMetadata;
    if (Date.parse(document.endsAt) <= Date.parse(document.startsAt)) issues.push({ path: 'endsAt', message: 'must be after startsAt' });
    checkSections(document.chat, issues);
  }
  if (issues.length > 0) throw new MetadataValidationError(issues, context);
  return value as EventMetadata;
}
