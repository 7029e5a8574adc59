/**
 * @packageDocumentation
 * The one error family of ticketchat. Every package's errors extend `BaseError`, so any caller can
 * show `shortMessage` to a person, log `details` and `metaMessages`, and `walk()` the cause chain,
 * whichever package failed. This package has no dependencies, so importing it pulls in no domain.
 *
 * @example
 * try { await mintEventWithChat(options) } catch (error) {
 *   if (error instanceof BaseError) showToast(error.shortMessage)   // "Minting "X" failed…: Event 3 is sold out (capacity 2)."
 *   logger.error({ err: error }, error instanceof BaseError ? error.details : String(error))
 * }
 */
export { BaseError, sentenceOf, type BaseErrorParameters, type BaseErrorType } from './base.ts';
