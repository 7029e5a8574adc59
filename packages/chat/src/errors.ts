/**
 * Every failure the chat library reports. `shortMessage` is one sentence a UI can show as is;
 * `details` carries the underlying cause for logs.
 */
export class ChatError extends Error {
  override name = 'ChatError';
  readonly shortMessage: string;
  readonly details: string | undefined;

  constructor(shortMessage: string, options: { cause?: unknown; details?: string } = {}) {
    const details = options.details ?? (options.cause instanceof Error ? options.cause.message : undefined);
    super(details ? `${shortMessage}\n\nDetails: ${details}` : shortMessage, { cause: options.cause });
    this.shortMessage = shortMessage;
    this.details = details;
  }
}

/** The wallet's inbox already has XMTP's maximum of 10 installations; a new one cannot register. */
export class InstallationLimitError extends ChatError {
  override name = 'InstallationLimitError';
  constructor(
    readonly address: string,
    /** The way out: revokes the inbox's existing installations (the wallet signs), freeing every slot. */
    readonly revokeExistingInstallations: () => Promise<void>,
    options: { cause?: unknown } = {},
  ) {
    super(`${address} already has the maximum of 10 XMTP installations; revoke them (revokeExistingInstallations) and try again.`, options);
  }
}

/** The group found for an event is not the one its creator bound to it. */
export class SpoofedGroupError extends ChatError {
  override name = 'SpoofedGroupError';
  constructor(
    readonly eventId: bigint,
    readonly groupId: string,
    readonly reason: string,
  ) {
    super(`The chat group ${groupId} is not event ${eventId}'s chat: ${reason}.`);
  }
}

/** The wallet has not been added to the event's group (no ticket yet, or the add is pending). */
export class NotInvitedError extends ChatError {
  override name = 'NotInvitedError';
  constructor(
    readonly eventId: bigint,
    readonly groupId: string,
  ) {
    super(`You are not in event ${eventId}'s chat yet: it opens once your ticket is confirmed.`);
  }
}

/** A write to a room whose event has ended (rooms become read-only). */
export class RoomReadOnlyError extends ChatError {
  override name = 'RoomReadOnlyError';
  constructor(readonly eventId: bigint) {
    super(`Event ${eventId} has ended; its chat is read-only.`);
  }
}
