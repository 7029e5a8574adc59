import { BaseError } from '@ticketchat/errors';

export type MetadataIssue = { path: string; message: string };

/** A metadata document that does not follow the schema; each issue names its field. */
export class MetadataValidationError extends BaseError {
  override name = 'MetadataValidationError' as const;
  constructor(
    readonly issues: MetadataIssue[],
    context: 'write' | 'read',
  ) {
    const first = issues[0];
    super(
      first
        ? `Invalid event metadata (${context}): ${first.path} ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}.`
        : `Invalid event metadata (${context}).`,
      { metaMessages: issues.map((issue) => `- ${issue.path}: ${issue.message}`) },
    );
  }
}

/** The bytes stored under a CID do not hash to that CID: the block was altered or corrupted. */
export class MetadataIntegrityError extends BaseError {
  override name = 'MetadataIntegrityError' as const;
}

/** The CID is not in the block store (and no network retrieval is configured). */
export class MetadataNotFoundError extends BaseError {
  override name = 'MetadataNotFoundError' as const;
}

/** Not an `ipfs://<CID>` URI or a CID this package can read (CIDv1, json codec, sha2-256). */
export class InvalidMetadataReferenceError extends BaseError {
  override name = 'InvalidMetadataReferenceError' as const;
}

/** A remote pinning service refused or failed a request. */
export class PinningError extends BaseError {
  override name = 'PinningError' as const;
}

/** The IPFS block store itself failed (a disk error, a stopped Helia node). */
export class MetadataStoreError extends BaseError {
  override name = 'MetadataStoreError' as const;
}

export type MetadataValidationErrorType = MetadataValidationError & { name: 'MetadataValidationError' };
export type MetadataIntegrityErrorType = MetadataIntegrityError & { name: 'MetadataIntegrityError' };
export type MetadataNotFoundErrorType = MetadataNotFoundError & { name: 'MetadataNotFoundError' };
export type InvalidMetadataReferenceErrorType = InvalidMetadataReferenceError & { name: 'InvalidMetadataReferenceError' };
export type PinningErrorType = PinningError & { name: 'PinningError' };
export type MetadataStoreErrorType = MetadataStoreError & { name: 'MetadataStoreError' };
