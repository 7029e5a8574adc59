/**
 * @packageDocumentation
 * Ticketchat's on-chain half: the `EventRegistry` (one ERC-721 per live event, carrying its schedule,
 * price, capacity, metadata URI and XMTP chat group id) and the `TicketKiosk` (ERC-721 tickets with
 * refunds and a constant-time `hasValidTicket`), with a local anvil chain, deployment, one typed
 * viem action per contract call, decoded custom errors, and a gapless log follower.
 *
 * @example
 * const anvil = await startAnvil()
 * const publicClient = createPublicClient({ chain: anvil.chain, transport: http(anvil.rpcUrl) })
 * const walletClient = createWalletClient({ chain: anvil.chain, transport: http(anvil.rpcUrl), account: anvil.accounts[0] })
 * const { registry, kiosk } = await deployTicketchat(walletClient, publicClient)
 * const { eventId } = await createEvent({ publicClient, walletClient }, { registry, ...params })
 */

// Contracts
export { eventRegistryAbi, eventRegistryBytecode, ticketKioskAbi, ticketKioskBytecode } from './generated/artifacts.ts';

// Deployment (the local chain and deployment files are in './node.ts')
export { deployTicketchat, type Deployment } from './deploy.ts';

// Clients and encodings
export type { TicketchatClients, TicketchatPublicClient, TicketchatWalletClient } from './clients.ts';
export { encodeChatGroupId, decodeChatGroupId, InvalidChatGroupIdError } from './chatGroupId.ts';

// Write actions: each waits for the receipt and reads its result from the transaction's own log.
export { createEvent, type CreateEventParameters, type CreateEventReturnType } from './actions/createEvent.ts';
export { setMetadataURI, type SetMetadataURIParameters } from './actions/setMetadataURI.ts';
export { setChatGroupId, type SetChatGroupIdParameters } from './actions/setChatGroupId.ts';
export { cancelEvent, type CancelEventParameters } from './actions/cancelEvent.ts';
export { buyTicket, type BuyTicketParameters, type BuyTicketReturnType } from './actions/buyTicket.ts';
export { refundTicket, type RefundTicketParameters, type RefundTicketReturnType } from './actions/refundTicket.ts';
export { transferTicket, type TransferTicketParameters, type TransferTicketReturnType } from './actions/transferTicket.ts';
export { withdrawProceeds, type WithdrawProceedsParameters, type WithdrawProceedsReturnType } from './actions/withdrawProceeds.ts';
export type { TransactionResult } from './actions/internal/transaction.ts';

// Read actions
export { getEvent, type GetEventParameters, type EventDetails } from './actions/getEvent.ts';
export { hasValidTicket, type HasValidTicketParameters } from './actions/hasValidTicket.ts';
export { ticketsSold, type TicketsSoldParameters } from './actions/ticketsSold.ts';

// Errors
export { BaseError, type BaseErrorOptions } from './errors/base.ts';
export {
  ContractRevertError,
  TransactionRevertedError,
  MissingLogError,
  describeContractError,
  decodeContractError,
  toTicketchatError,
  withContractErrors,
  ticketchatErrorsAbi,
  type DecodedContractError,
  type ContractErrorName,
} from './errors/contract.ts';

// Following the chain
export {
  followTicketchatLogs,
  FollowerError,
  type FollowTicketchatLogsOptions,
  type TicketchatLogBatch,
} from './follow/followTicketchatLogs.ts';
export { followedEventsAbi, type TicketchatEvent, type TicketchatLog, type FollowedEventName } from './follow/events.ts';
export { compareCheckpoints, encodeCheckpoint, decodeCheckpoint, type Checkpoint } from './follow/checkpoint.ts';
