import {
  BaseError as ViemBaseError,
  ContractFunctionRevertedError,
  decodeErrorResult,
  formatEther,
  type DecodeErrorResultReturnType,
  type Hash,
  type Hex,
} from 'viem';
import { eventRegistryAbi, ticketKioskAbi } from '../generated/artifacts.ts';
import { BaseError, sentenceOf } from '@ticketchat/errors';

type TicketchatErrorAbiItem = Extract<(typeof eventRegistryAbi)[number] | (typeof ticketKioskAbi)[number], { type: 'error' }>;

/**
 * Every custom error either contract can revert with, once each. The kiosk calls the registry,
 * so a kiosk call can fail with a registry error (an unknown event): decode with both.
 */
export const ticketchatErrorsAbi: readonly TicketchatErrorAbiItem[] = [...eventRegistryAbi, ...ticketKioskAbi].filter(
  (item, index, all): item is TicketchatErrorAbiItem =>
    item.type === 'error' && all.findIndex((other) => other.type === 'error' && other.name === item.name) === index,
);

export type DecodedContractError = DecodeErrorResultReturnType<typeof ticketchatErrorsAbi>;
export type ContractErrorName = DecodedContractError['errorName'];

function time(unixSeconds: bigint): string {
  return new Date(Number(unixSeconds) * 1000).toISOString();
}

function wei(amount: bigint): string {
  return `${formatEther(amount)} ETH (${amount} wei)`;
}

/** One sentence a person can act on, for each custom error. */
export function describeContractError(error: DecodedContractError): string {
  switch (error.errorName) {
    case 'EventNotFound':
      return `Event ${error.args[0]} does not exist.`;
    case 'NotEventCreator':
      return `Only the creator of event ${error.args[0]} may do this; ${error.args[1]} is not the creator.`;
    case 'EventIsCancelled':
      return `Event ${error.args[0]} is cancelled.`;
    case 'InvalidSchedule':
      return `Invalid schedule: the event must end after it starts and in the future (starts ${time(error.args[0])}, ends ${time(error.args[1])}, now ${time(error.args[2])}).`;
    case 'ZeroCapacity':
      return 'An event needs a capacity of at least one ticket.';
    case 'EmptyMetadataURI':
      return 'The metadata URI must not be empty.';
    case 'EmptyChatGroupId':
      return 'The chat group id must not be empty.';
    case 'EventAlreadyEnded':
      return `Event ${error.args[0]} already ended at ${time(error.args[1])}.`;
    case 'WrongPayment':
      return `Wrong payment: a ticket costs ${wei(error.args[0])} but ${wei(error.args[1])} was sent.`;
    case 'WrongGroupPayment':
      return `Wrong payment: ${error.args[0]} tickets at ${wei(error.args[1])} cost ${wei(error.args[0] * error.args[1])} but ${wei(error.args[2])} was sent.`;
    case 'RecipientCount':
      return `A group purchase takes 1 to ${error.args[1]} recipients; ${error.args[0]} were given.`;
    case 'NotEnoughTickets':
      return `Event ${error.args[0]} has only ${error.args[2]} ticket(s) left; ${error.args[1]} were requested.`;
    case 'SoldOut':
      return `Event ${error.args[0]} is sold out (capacity ${error.args[1]}).`;
    case 'SalesClosed':
      return `Ticket sales for event ${error.args[0]} closed when it ended at ${time(error.args[1])}.`;
    case 'TicketNotFound':
      return `Ticket ${error.args[0]} does not exist.`;
    case 'TicketAlreadyRefunded':
      return `Ticket ${error.args[0]} was already refunded.`;
    case 'NotTicketHolder':
      return `Only the holder of ticket ${error.args[0]} may refund it; ${error.args[1]} does not hold it.`;
    case 'RefundWindowClosed':
      return `Ticket ${error.args[0]} can no longer be refunded: its event started at ${time(error.args[1])} and was not cancelled.`;
    case 'EventNotEnded':
      return `Event ${error.args[0]} has not ended yet (it ends at ${time(error.args[1])}).`;
    case 'ProceedsAlreadyWithdrawn':
      return `The proceeds of event ${error.args[0]} were already withdrawn.`;
    case 'PaymentFailed':
      return `Sending ${wei(error.args[1])} to ${error.args[0]} failed: the receiver rejected the payment.`;
    case 'ERC721NonexistentToken':
      return `Token ${error.args[0]} does not exist (it may have been refunded and burned).`;
    case 'ERC721IncorrectOwner':
      return `Token ${error.args[1]} is owned by ${error.args[2]}, not by ${error.args[0]}.`;
    case 'ERC721InsufficientApproval':
      return `${error.args[0]} is neither the owner of token ${error.args[1]} nor approved to move it.`;
    case 'ERC721InvalidReceiver':
      return `${error.args[0]} cannot receive tokens (the zero address, or a contract without onERC721Received).`;
    case 'ERC721InvalidSender':
      return `${error.args[0]} is not a valid sender.`;
    case 'ERC721InvalidApprover':
      return `${error.args[0]} may not approve this token.`;
    case 'ERC721InvalidOperator':
      return `${error.args[0]} cannot be an operator.`;
    case 'ERC721InvalidOwner':
      return `${error.args[0]} is not a valid owner.`;
    case 'ReentrancyGuardReentrantCall':
      return 'Re-entrant call refused.';
    case 'SafeCastOverflowedUintDowncast':
      return `The value ${error.args[1]} does not fit in ${error.args[0]} bits.`;
  }
}

/** A contract call reverted with one of our custom errors; `shortMessage` says why in plain words. */
export class ContractRevertError extends BaseError {
  override name = 'ContractRevertError' as const;
  readonly errorName: ContractErrorName;
  readonly error: DecodedContractError;

  constructor(action: string, error: DecodedContractError, cause: unknown) {
    super(describeContractError(error), { metaMessages: [`Action: ${action}`, `Contract error: ${error.errorName}`], cause });
    this.errorName = error.errorName;
    this.error = error;
  }
}

/** A mined transaction whose receipt says it reverted. */
export class TransactionRevertedError extends BaseError {
  override name = 'TransactionRevertedError' as const;
  constructor(
    action: string,
    readonly hash: Hash,
  ) {
    super(`${action}: transaction ${hash} reverted.`);
  }
}

/** A successful receipt without the log the action reads its result from. */
export class MissingLogError extends BaseError {
  override name = 'MissingLogError' as const;
  constructor(
    action: string,
    eventName: string,
    readonly hash: Hash,
  ) {
    super(`${action}: transaction ${hash} emitted no ${eventName} log.`);
  }
}

/** Any other failure of a contract call (the RPC, the wallet, the gas estimate): viem's own sentence follows the action. */
export class ContractCallError extends BaseError {
  override name = 'ContractCallError' as const;
  constructor(
    readonly action: string,
    cause: unknown,
  ) {
    super(`${action} failed: ${sentenceOf(cause)}`, { cause });
  }
}

export type ContractRevertErrorType = ContractRevertError & { name: 'ContractRevertError' };
export type TransactionRevertedErrorType = TransactionRevertedError & { name: 'TransactionRevertedError' };
export type MissingLogErrorType = MissingLogError & { name: 'MissingLogError' };
export type ContractCallErrorType = ContractCallError & { name: 'ContractCallError' };
/** How any contract read can fail. */
export type ContractReadErrorType = ContractRevertErrorType | ContractCallErrorType;
/** How any write action can fail: a read's failures, plus a reverted receipt or a missing log. */
export type ContractWriteErrorType = ContractReadErrorType | TransactionRevertedErrorType | MissingLogErrorType;

/** Decodes raw revert data into one of our errors, or undefined if it is not one. */
export function decodeContractError(data: Hex): DecodedContractError | undefined {
  try {
    return decodeErrorResult({ abi: ticketchatErrorsAbi, data });
  } catch {
    return undefined;
  }
}

/**
 * Turns whatever a viem call threw into this package's errors: a decoded `ContractRevertError` when
 * the chain reverted with a known custom error, a `ContractCallError` carrying viem's own sentence
 * otherwise. Errors of the family pass through unchanged.
 */
export function toContractError(action: string, error: unknown): BaseError {
  if (error instanceof BaseError) return error;
  if (error instanceof ViemBaseError) {
    const reverted = error.walk((inner) => inner instanceof ContractFunctionRevertedError);
    if (reverted instanceof ContractFunctionRevertedError && reverted.raw !== undefined) {
      const decoded = decodeContractError(reverted.raw);
      if (decoded) return new ContractRevertError(action, decoded, error);
    }
  }
  return new ContractCallError(action, error);
}

/** Runs a contract interaction and rethrows its failure through `toContractError`. */
export async function withContractErrors<T>(action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toContractError(action, error);
  }
}
