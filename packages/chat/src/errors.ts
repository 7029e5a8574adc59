import { BaseError, sentenceOf, type BaseErrorParameters } from '@ticketchat/errors';

/**
 * The root of every failure the chat library reports. `shortMessage` is one sentence a UI can show
 * as is, ending with the cause's own sentence when a lower layer failed; `details` carries what the
 * layer below said, for logs.
 */
export class ChatError extends BaseError {
  override name: string = 'ChatError';
  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
    super(shortMessage, parameters);
  }
}

/** The wallet's inbox already has XMTP's maximum of 10 installations; a new one cannot register. */
export class InstallationLimitError extends ChatError {
  override name = 'InstallationLimitError' as const;
  constructor(
    readonly address: string,
    /** The way out: revokes the inbox's existing installations (the wallet signs), freeing every slot. */
    readonly revokeExistingInstallations: () => Promise<void>,
    options: { cause?: unknown } = {},
  ) {
    super(`${address} already has the maximum of 10 XMTP installations; revoke them (revokeExistingInstallations) and try again.`, options);
  }
}

/** The wallet's XMTP client could not be created or opened (the node refused it, or its database). */
export class ClientOpenError extends ChatError {
  override name = 'ClientOpenError' as const;
  constructor(
    readonly address: string,
    cause: unknown,
  ) {
    super(`Could not open the XMTP client for ${address}: ${sentenceOf(cause)}`, { cause });
  }
}

/** A signer source that cannot sign: a wallet client without an account. */
export class SignerError extends ChatError {
  override name = 'SignerError' as const;
}

/** A key store could not read or create a database key, or found one that is not a key. */
export class KeyStoreError extends ChatError {
  override name = 'KeyStoreError' as const;
}

/** The event's group could not be created locally (before the mint: nothing reached the chain or the network). */
export class DraftGroupError extends ChatError {
  override name = 'DraftGroupError' as const;
  constructor(
    readonly groupName: string,
    cause: unknown,
  ) {
    super(`Could not draft the chat group "${groupName}": ${sentenceOf(cause)}`, { cause });
  }
}

/** The event could not be minted; its draft group never reached the network. */
export class MintEventError extends ChatError {
  override name = 'MintEventError' as const;
  constructor(
    readonly title: string,
    cause: unknown,
  ) {
    super(`Minting "${title}" failed; its chat group was never published: ${sentenceOf(cause)}`, { cause });
  }
}

/** The event exists on chain, but its group (or one of its sections) could not be published (agents added, binding written). */
export class PublishGroupError extends ChatError {
  override name = 'PublishGroupError' as const;
  constructor(
    readonly eventId: bigint,
    cause: unknown,
    /** Set for a sectioned event: which section (0-based) failed. */
    readonly section?: number,
  ) {
    const what = section === undefined ? 'the chat group' : `section ${section + 1}`;
    super(`Could not publish ${what} of event ${eventId}: ${sentenceOf(cause)}`, { cause });
  }
}

/** The sections asked for at minting cannot exist (too few seats per section, too many sections or staff); checked before anything is drafted. */
export class InvalidSectionsError extends ChatError {
  override name = 'InvalidSectionsError' as const;
}

/** Neither the chain nor IPFS could tell which chat belongs to the event (or the chain, which a room needs, could not be read). */
export class ChatDiscoveryError extends ChatError {
  override name = 'ChatDiscoveryError' as const;
}

/** The group found for an event is not the one its creator bound to it. */
export class SpoofedGroupError extends ChatError {
  override name = 'SpoofedGroupError' as const;
  constructor(
    readonly eventId: bigint,
    readonly groupId: string,
    readonly reason: string,
  ) {
    super(`The chat group ${groupId} is not event ${eventId}'s chat: ${reason}.`);
  }
}

/** The wallet has not been added to the event's group (no ticket yet, or the add is pending), or to the section it asked for. */
export class NotInvitedError extends ChatError {
  override name = 'NotInvitedError' as const;
  constructor(
    readonly eventId: bigint,
    readonly groupId: string,
    /** Set when one section (0-based) was asked for by number: the wallet is not in that one. */
    readonly section?: number,
  ) {
    super(
      section === undefined
        ? `You are not in event ${eventId}'s chat yet: it opens once your ticket is confirmed.`
        : `You are not in section ${section + 1} of event ${eventId}'s chat.`,
    );
  }
}

/** A room asked for a section the event does not have (past its last, negative, not a whole number). */
export class NoSuchSectionError extends ChatError {
  override name = 'NoSuchSectionError' as const;
  constructor(
    readonly eventId: bigint,
    /** The section asked for, 0-based as the library counts (the message counts from 1, as people do). */
    readonly section: number,
    /** How many sections the event has (1 for an event of one group). */
    readonly count: number,
  ) {
    const asked = Number.isSafeInteger(section) ? `section ${section + 1}` : `section "${section}", which is not a whole number`;
    super(`Event ${eventId} has no ${asked}: ${count === 1 ? 'it has one chat, no sections' : `its sections are 1 to ${count}`}.`);
  }
}

/** The room could not be opened or used because the XMTP client failed (the node is unreachable, a sync failed). */
export class RoomError extends ChatError {
  override name = 'RoomError' as const;
  constructor(
    readonly eventId: bigint,
    doing: string,
    cause: unknown,
  ) {
    super(`Could not ${doing} in event ${eventId}'s chat: ${sentenceOf(cause)}`, { cause });
  }
}

/** A write to a room whose event has ended (rooms become read-only). */
export class RoomReadOnlyError extends ChatError {
  override name = 'RoomReadOnlyError' as const;
  constructor(readonly eventId: bigint) {
    super(`Event ${eventId} has ended; its chat is read-only.`);
  }
}

/** An announcement that cannot be sent (its text), or that could not be sent into one section. */
export class AnnouncementError extends ChatError {
  override name = 'AnnouncementError' as const;
}

export type ChatErrorType = ChatError & { name: 'ChatError' };
export type AnnouncementErrorType = AnnouncementError & { name: 'AnnouncementError' };
export type InstallationLimitErrorType = InstallationLimitError & { name: 'InstallationLimitError' };
export type ClientOpenErrorType = ClientOpenError & { name: 'ClientOpenError' };
export type SignerErrorType = SignerError & { name: 'SignerError' };
export type KeyStoreErrorType = KeyStoreError & { name: 'KeyStoreError' };
export type DraftGroupErrorType = DraftGroupError & { name: 'DraftGroupError' };
export type MintEventErrorType = MintEventError & { name: 'MintEventError' };
export type PublishGroupErrorType = PublishGroupError & { name: 'PublishGroupError' };
export type InvalidSectionsErrorType = InvalidSectionsError & { name: 'InvalidSectionsError' };
export type ChatDiscoveryErrorType = ChatDiscoveryError & { name: 'ChatDiscoveryError' };
export type SpoofedGroupErrorType = SpoofedGroupError & { name: 'SpoofedGroupError' };
export type NotInvitedErrorType = NotInvitedError & { name: 'NotInvitedError' };
export type NoSuchSectionErrorType = NoSuchSectionError & { name: 'NoSuchSectionError' };
export type RoomErrorType = RoomError & { name: 'RoomError' };
export type RoomReadOnlyErrorType = RoomReadOnlyError & { name: 'RoomReadOnlyError' };
