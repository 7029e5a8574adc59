import { ContractRevertError } from '@ticketchat/contracts';
import { BaseError, type BaseErrorParameters } from '@ticketchat/errors';
import { NotInvitedError, RoomReadOnlyError, SpoofedGroupError } from '@ticketchat/chat';
import { MetadataNotFoundError } from '@ticketchat/metadata';

/** Exit codes scripts can rely on; the README documents them. */
export const ExitCode = {
  ok: 0,
  /** Anything unexpected. */
  error: 1,
  /** Bad flags or arguments, or a missing account or setting. */
  usage: 2,
  /** The event, ticket, metadata or stack asked for does not exist. */
  notFound: 3,
  /** Refused: not a ticket holder, not in the chat, sold out, refund window closed… */
  notAllowed: 4,
  /** A service cannot be reached, or a port the stack needs is taken. */
  unavailable: 5,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error the CLI reports as `shortMessage` (one sentence) and `details`, with its exit code. */
export class CliError extends BaseError {
  override name = 'CliError';

  constructor(
    shortMessage: string,
    readonly exitCode: ExitCode,
    parameters: BaseErrorParameters = {},
  ) {
    super(shortMessage, parameters);
  }
}

/** The account was removed from an event's chat (its ticket was refunded or transferred). */
export class RemovedFromChatError extends CliError {
  override name = 'RemovedFromChatError';
  constructor(eventId: bigint, cause?: unknown) {
    super(
      `You are no longer in event ${eventId}'s chat (your ticket was refunded or transferred): nothing new reaches you.`,
      ExitCode.notAllowed,
      {
        ...(cause === undefined ? {} : { cause }),
      },
    );
  }
}

const NOT_FOUND_REVERTS = new Set<string>(['EventNotFound', 'TicketNotFound', 'ERC721NonexistentToken']);
const UNREACHABLE = /ECONNREFUSED|fetch failed|HTTP request failed|connect ECONN|ENOTFOUND|transport error|Unavailable|UNAVAILABLE/i;

/** The exit code for any error, library errors included. */
export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof CliError) return error.exitCode;
  if (findCause(error, (e) => e instanceof MetadataNotFoundError)) return ExitCode.notFound;
  const revert = findCause(error, (e) => e instanceof ContractRevertError) as ContractRevertError | undefined;
  if (revert) return NOT_FOUND_REVERTS.has(revert.errorName) ? ExitCode.notFound : ExitCode.notAllowed;
  if (findCause(error, (e) => e instanceof NotInvitedError || e instanceof SpoofedGroupError || e instanceof RoomReadOnlyError)) {
    return ExitCode.notAllowed;
  }
  if (findCause(error, (e) => e instanceof Error && UNREACHABLE.test(e.message))) return ExitCode.unavailable;
  return ExitCode.error;
}

/** One sentence for people, and what the layer below said. */
export function describe(error: unknown): { shortMessage: string; details: string | undefined } {
  if (error instanceof BaseError) return { shortMessage: error.shortMessage, details: error.details || undefined };
  if (!(error instanceof Error)) return { shortMessage: String(error), details: undefined };
  return { shortMessage: error.message.split('\n')[0] ?? error.message, details: undefined };
}

/** The first error of the cause chain, `error` included, that satisfies `predicate`. */
export function findCause(error: unknown, predicate: (error: unknown) => boolean): unknown {
  for (let current = error, depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    if (predicate(current)) return current;
    current = current instanceof Error ? current.cause : undefined;
  }
  return undefined;
}
