export type BaseErrorParameters = {
  /** What the layer below said; taken from `cause` when not given. */
  details?: string;
  /** Extra lines of context for logs (the call, the contract, the arguments). */
  metaMessages?: string[];
  /** A page of the docs that explains this failure, relative to the repository (e.g. `packages/chat/README.md#rooms`). */
  docsPath?: string;
  cause?: unknown;
};

export type BaseErrorType = BaseError & { name: 'BaseError' };

/**
 * The root of every error a ticketchat package throws. `shortMessage` is one sentence a person can
 * act on (show it as is); `details` is what the layer below said (log it); `message` joins both with
 * the context lines, for stack traces. A subclass only builds its sentence and names itself.
 *
 * @example
 * class SoldOutError extends BaseError {
 *   override name = 'SoldOutError' as const
 *   constructor(eventId: bigint, cause: unknown) { super(`Event ${eventId} is sold out.`, { cause }) }
 * }
 */
export class BaseError extends Error {
  override name: string = 'BaseError';
  readonly shortMessage: string;
  readonly details: string;
  readonly metaMessages: string[];
  readonly docsPath: string | undefined;

  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
    const details = parameters.details ?? detailsOf(parameters.cause);
    const metaMessages = parameters.metaMessages ?? [];
    const message = [
      shortMessage,
      ...(metaMessages.length > 0 ? ['', ...metaMessages] : []),
      ...(details ? ['', `Details: ${details}`] : []),
      ...(parameters.docsPath ? [`Docs: ${parameters.docsPath}`] : []),
    ].join('\n');
    super(message, parameters.cause === undefined ? undefined : { cause: parameters.cause });
    this.shortMessage = shortMessage;
    this.details = details;
    this.metaMessages = metaMessages;
    this.docsPath = parameters.docsPath;
  }

  /** The deepest error of the `cause` chain (this one when it has no cause). */
  walk(): unknown;
  /** The first error of the `cause` chain, this one included, that satisfies `predicate`; undefined if none. */
  walk(predicate: (error: unknown) => boolean): unknown;
  walk(predicate?: (error: unknown) => boolean): unknown {
    let current: unknown = this;
    let deepest: unknown = this;
    while (current !== undefined && current !== null) {
      if (predicate?.(current)) return current;
      deepest = current;
      current = current instanceof Error ? current.cause : undefined;
    }
    return predicate ? undefined : deepest;
  }
}

/**
 * The one sentence a failure says about itself: its `shortMessage` when it has one (ours, or
 * viem's), else the first line of its message. Wrappers append it to their own sentence, so the
 * person reading "Minting failed" also reads why.
 */
export function sentenceOf(cause: unknown): string {
  if (cause instanceof Error) {
    const short = (cause as { shortMessage?: unknown }).shortMessage;
    if (typeof short === 'string' && short.length > 0) return short;
    return cause.message.split('\n')[0] ?? cause.name;
  }
  return String(cause);
}

/** What goes in `details` by default: the cause's own details if it has any (ours, viem's), else its sentence. */
function detailsOf(cause: unknown): string {
  if (cause === undefined) return '';
  const details = cause instanceof Error ? (cause as { details?: unknown }).details : undefined;
  if (typeof details === 'string' && details.length > 0) return details;
  return sentenceOf(cause);
}
