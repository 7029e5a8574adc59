/**
 * @packageDocumentation
 * Event chat on XMTP, independent of the SDK flavour: a client pool (one client per wallet),
 * event groups created before the mint and bound to the event after it, verified discovery,
 * explicit consent, and rooms whose feed survives disconnects. Entry points bind an SDK:
 * `@ticketchat/chat/node` for @xmtp/node-sdk, `@ticketchat/chat/browser` for @xmtp/browser-sdk.
 */
export {
  AnnouncementError,
  ChatDiscoveryError,
  ChatError,
  ClientOpenError,
  DraftGroupError,
  InstallationLimitError,
  InvalidSectionsError,
  KeyStoreError,
  MintEventError,
  NoSuchSectionError,
  NotInvitedError,
  PublishGroupError,
  RoomError,
  RoomReadOnlyError,
  SignerError,
  SpoofedGroupError,
  type AnnouncementErrorType,
  type ChatDiscoveryErrorType,
  type ChatErrorType,
  type ClientOpenErrorType,
  type DraftGroupErrorType,
  type InstallationLimitErrorType,
  type InvalidSectionsErrorType,
  type KeyStoreErrorType,
  type MintEventErrorType,
  type NoSuchSectionErrorType,
  type NotInvitedErrorType,
  type PublishGroupErrorType,
  type RoomErrorType,
  type RoomReadOnlyErrorType,
  type SignerErrorType,
  type SpoofedGroupErrorType,
} from './errors.ts';
export { signerAddress, toXmtpSigner, type SignerSource } from './signers.ts';
export { ClientPool, type ClientPoolOptions, type ClientPoolGetErrorType } from './pool/clientPool.ts';
export type { KeyStore } from './pool/keyStore.ts';
export { decodeEventBinding, encodeEventBinding, sameBinding, type EventBinding } from './groups/binding.ts';
export { EVENT_GROUP_POLICY } from './groups/eventGroupPolicy.ts';
export {
  createEventGroupDraft,
  publishEventGroup,
  type EventGroupDraftOptions,
  type PublishEventGroupOptions,
} from './groups/eventGroups.ts';
export {
  eventGroupIdOf,
  findVerifiedEventGroup,
  isInactiveGroupError,
  syncUnlessInactive,
  verifyEventGroup,
  type EventChatRef,
} from './rooms/verifyEventGroup.ts';
export { findVerifiedEventSection } from './rooms/findEventSection.ts';
export { Announcers } from './rooms/announcers.ts';
export {
  announcementCodec,
  isAnnouncementType,
  newAnnouncementId,
  parseAnnouncement,
  ANNOUNCEMENT_CONTENT_TYPE,
  MAX_ANNOUNCEMENT_LENGTH,
  type Announcement,
} from './announcements/announcementCodec.ts';
export {
  announceToEvent,
  type AnnounceToEventParameters,
  type AnnounceToEventResult,
  type AnnounceToEventErrorType,
  type SectionAnnouncement,
} from './announcements/announceToEvent.ts';
export {
  openEventRoom,
  type EventRoom,
  type EventRoomRef,
  type HistoryPage,
  type OpenEventRoomOptions,
  type OpenEventRoomErrorType,
  type RoomState,
} from './rooms/eventRoom.ts';
export type { ChatMessage } from './rooms/chatMessage.ts';
export { eventPhase, type EventPhase } from './rooms/eventPhase.ts';
export type {
  MessageQuery,
  MessageRef,
  MessageStreamHandlers,
  XmtpClient,
  XmtpClientOptions,
  XmtpEncodedContent,
  XmtpGroup,
  XmtpMessage,
  XmtpRuntime,
  XmtpSigner,
  XmtpStream,
} from './sdk/types.ts';
export {
  mintEventWithChat,
  type MintEventWithChatOptions,
  type MintEventWithChatErrorType,
  type MintedEvent,
  type MintStep,
  type NewEvent,
} from './events/mintEventWithChat.ts';
export {
  planSections,
  sectionGroupName,
  DEFAULT_STAFF_SEATS,
  XMTP_GROUP_MEMBER_LIMIT,
  type EventSectionOptions,
  type SectionPlan,
} from './events/sectionPlan.ts';
export {
  discoverEventChat,
  findEventChatOnChain,
  type DiscoverEventChatParameters,
  type DiscoverEventChatErrorType,
  type FindEventChatOnChainErrorType,
  type DiscoveredEventChat,
  type EventChatOnChain,
  type ChatDisagreement,
  type EventSections,
} from './events/discoverEventChat.ts';
export { discoverEventRoom, type DiscoverEventRoomOptions, type DiscoverEventRoomErrorType } from './events/discoverEventRoom.ts';
export {
  checkJoinRequest,
  ContentTypeJoinRequest,
  joinRequestCodec,
  JoinRequestError,
  type EncodedJoinRequest,
  type JoinRequest,
  type JoinRequestErrorType,
} from './content/joinRequest.ts';
