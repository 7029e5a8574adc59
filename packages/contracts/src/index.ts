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
export { deployTicketchat, DeploymentError, type Deployment, type DeploymentErrorType, type DeployTicketchatErrorType } from './deploy.ts';

// Clients and encodings
export type { TicketchatClients, TicketchatPublicClient, TicketchatWalletClient } from './clients.ts';
export { encodeChatGroupId, decodeChatGroupId, InvalidChatGroupIdError, type InvalidChatGroupIdErrorType } from './chatGroupId.ts';

// Write actions: each waits for the receipt and reads its result from the transaction's own log.
export { createEvent, type CreateEventParameters, type CreateEventReturnType, type CreateEventErrorType } from './actions/createEvent.ts';
export { setMetadataURI, type SetMetadataURIParameters, type SetMetadataURIErrorType } from './actions/setMetadataURI.ts';
export { setChatGroupId, type SetChatGroupIdParameters, type SetChatGroupIdErrorType } from './actions/setChatGroupId.ts';
export { cancelEvent, type CancelEventParameters, type CancelEventErrorType } from './actions/cancelEvent.ts';
export { buyTicket, type BuyTicketParameters, type BuyTicketReturnType, type BuyTicketErrorType } from './actions/buyTicket.ts';
export {
  buyTickets,
  maxTicketRecipients,
  type BuyTicketsParameters,
  type BuyTicketsReturnType,
  type BuyTicketsErrorType,
} from './actions/buyTickets.ts';
export {
  refundTicket,
  type RefundTicketParameters,
  type RefundTicketReturnType,
  type RefundTicketErrorType,
} from './actions/refundTicket.ts';
export {
  transferTicket,
  type TransferTicketParameters,
  type TransferTicketReturnType,
  type TransferTicketErrorType,
} from './actions/transferTicket.ts';
export {
  withdrawProceeds,
  type WithdrawProceedsParameters,
  type WithdrawProceedsReturnType,
  type WithdrawProceedsErrorType,
} from './actions/withdrawProceeds.ts';
export type { TransactionResult } from './actions/internal/writeContractAndReadLog.ts';

// Read actions
export { getEvent, type GetEventParameters, type EventDetails, type GetEventErrorType } from './actions/getEvent.ts';
export { hasValidTicket, type HasValidTicketParameters, type HasValidTicketErrorType } from './actions/hasValidTicket.ts';
export { ticketsSold, type TicketsSoldParameters, type TicketsSoldErrorType } from './actions/ticketsSold.ts';

// Errors (all extend BaseError from @ticketchat/errors)
export {
  ContractRevertError,
  ContractCallError,
  TransactionRevertedError,
  MissingLogError,
  describeContractError,
  decodeContractError,
  toContractError,
  withContractErrors,
  ticketchatErrorsAbi,
  type DecodedContractError,
  type ContractErrorName,
  type ContractRevertErrorType,
  type ContractCallErrorType,
  type TransactionRevertedErrorType,
  type MissingLogErrorType,
  type ContractReadErrorType,
  type ContractWriteErrorType,
} from './errors/contract.ts';

// Following the chain
export {
  followTicketchatLogs,
  FollowerError,
  type FollowerErrorType,
  type FollowTicketchatLogsOptions,
  type TicketchatLogBatch,
} from './follow/followTicketchatLogs.ts';
export { followedEventsAbi, type TicketchatLogEvent, type TicketchatLog, type FollowedEventName } from './follow/events.ts';
export {
  compareCheckpoints,
  encodeCheckpoint,
  decodeCheckpoint,
  InvalidCheckpointError,
  type InvalidCheckpointErrorType,
  type Checkpoint,
} from './follow/checkpoint.ts';
