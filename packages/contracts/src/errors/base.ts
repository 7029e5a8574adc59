export type BaseErrorOptions = {
  /** Lower-level explanation; taken from `cause` when not given. */
  details?: string;
  /** Extra lines of context (the call, the contract, the arguments). */
  metaMessages?: string[];
  cause?: unknown;
};

/**
 * The root of every error this package throws. `shortMessage` is one sentence for a person;
 * `details` is what the layer below said; `message` joins both with any context lines.
 */
export class BaseError extends Error {
  override name = 'TicketchatError';
  readonly shortMessage: string;
  readonly details: string;
  readonly metaMessages: string[];

  constructor(shortMessage: string, options: BaseErrorOptions = {}) {
    const details = options.details ?? describeCause(options.cause);
    const metaMessages = options.metaMessages ?? [];
    const message = [
      shortMessage,
      ...(metaMessages.length > 0 ? ['', ...metaMessages] : []),
      ...(details ? ['', `Details: ${details}`] : []),
    ].join('\n');
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.shortMessage = shortMessage;
    this.details = details;
    this.metaMessages = metaMessages;
  }

  /** The first error in the `cause` chain (this one included) that satisfies `predicate`. */
  walk(predicate: (error: unknown) => boolean): unknown {
    let current: unknown = this;
    while (current !== undefined && current !== null) {
      if (predicate(current)) return current;
      current = current instanceof Error ? current.cause : undefined;
    }
    return undefined;
  }
}

function describeCause(cause: unknown): string {
  if (cause === undefined) return '';
  if (cause instanceof Error) {
    const short = (cause as { shortMessage?: unknown }).shortMessage;
    return typeof short === 'string' ? short : cause.message;
  }
  return String(cause);
}
