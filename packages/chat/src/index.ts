/**
 * @packageDocumentation
 * Event chat on XMTP, independent of the SDK flavour: a client pool (one client per wallet),
 * event groups created before the mint and bound to the event after it, verified discovery,
 * explicit consent, and rooms whose feed survives disconnects. Entry points bind an SDK:
 * `@ticketchat/chat/node` for @xmtp/node-sdk, `@ticketchat/chat/browser` for @xmtp/browser-sdk.
 */
export { ChatError, InstallationLimitError, NotInvitedError, RoomReadOnlyError, SpoofedGroupError } from './errors.ts';
export { signerAddress, toXmtpSigner, type SignerSource } from './signers.ts';
export { ClientPool, type ClientPoolOptions } from './pool/clientPool.ts';
export type { KeyStore } from './pool/keyStore.ts';
export { decodeEventBinding, encodeEventBinding, type EventBinding } from './groups/binding.ts';
export { EVENT_GROUP_POLICY } from './groups/eventGroupPolicy.ts';
export {
  createEventGroupDraft,
  publishEventGroup,
  type EventGroupDraftOptions,
  type PublishEventGroupOptions,
} from './groups/eventGroups.ts';
export { findVerifiedEventGroup, verifyEventGroup, type EventChatRef } from './rooms/verifyEventGroup.ts';
export {
  EventRoom,
  openEventRoom,
  type EventRoomRef,
  type HistoryPage,
  type OpenEventRoomOptions,
  type RoomState,
} from './rooms/eventRoom.ts';
export type { ChatMessage } from './rooms/chatMessage.ts';
export { eventPhase, type EventPhase } from './rooms/eventPhase.ts';
export type { XmtpClient, XmtpClientOptions, XmtpGroup, XmtpMessage, XmtpRuntime, XmtpSigner } from './sdk/types.ts';
export {
  mintEventWithChat,
  type MintEventWithChatOptions,
  type MintedEvent,
  type MintStep,
  type NewEvent,
} from './events/mintEventWithChat.ts';
export { discoverEventRoom, type DiscoverEventRoomOptions } from './events/discoverEventRoom.ts';
