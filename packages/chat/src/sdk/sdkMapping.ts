import type { GroupPolicy, MessageQuery, MessageRef, MessageStreamHandlers, OptimisticGroupOptions, XmtpSigner } from './types.ts';

/**
 * What both SDK bindings share: the two SDKs name their enums and options alike but ship them as
 * distinct objects, so each runtime passes its own SDK's values through these mappings. Each one is
 * generic in the SDK's enum types, so the result has the SDK's own types and needs no cast.
 */

/** Which of our policy entries sets each field of the SDKs' PermissionPolicySet. */
const POLICY_FIELDS = {
  addMemberPolicy: 'addMember',
  removeMemberPolicy: 'removeMember',
  addAdminPolicy: 'addAdmin',
  removeAdminPolicy: 'removeAdmin',
  updateGroupNamePolicy: 'updateMetadata',
  updateGroupDescriptionPolicy: 'updateMetadata',
  updateGroupImageUrlSquarePolicy: 'updateMetadata',
  updateMessageDisappearingPolicy: 'updateMetadata',
  updateAppDataPolicy: 'updateAppData',
} as const satisfies Record<string, keyof GroupPolicy>;

type PolicySet<Level> = { [Field in keyof typeof POLICY_FIELDS]: Level };

/** The SDK's PermissionPolicy values for our two levels. */
export interface PolicyLevels<Level> {
  Admin: Level;
  SuperAdmin: Level;
}

/** The options of `createGroupOptimistic` for an event group, in the SDK's own values. */
export function toCreateGroupOptions<Level, Custom>(options: OptimisticGroupOptions, levels: PolicyLevels<Level>, customPolicy: Custom) {
  const level = (entry: GroupPolicy[keyof GroupPolicy]) => (entry === 'admin' ? levels.Admin : levels.SuperAdmin);
  const customPermissionPolicySet = Object.fromEntries(
    Object.entries(POLICY_FIELDS).map(([field, entry]) => [field, level(options.permissions[entry])]),
  ) as PolicySet<Level>;
  return {
    groupName: options.name,
    ...(options.description ? { groupDescription: options.description } : {}),
    ...(options.imageUrl ? { groupImageUrlSquare: options.imageUrl } : {}),
    permissions: customPolicy,
    customPermissionPolicySet,
  };
}

/** Our signer in the SDKs' shape: the identifier carries the SDK's value for "Ethereum". */
export function toSdkSigner<Kind>(signer: XmtpSigner, ethereum: Kind) {
  const identifier = { identifier: signer.address, identifierKind: ethereum };
  const getIdentifier = () => identifier;
  if (signer.type === 'EOA') return { type: 'EOA' as const, getIdentifier, signMessage: signer.signMessage };
  return {
    type: 'SCW' as const,
    getIdentifier,
    signMessage: signer.signMessage,
    getChainId: () => signer.chainId,
    ...(signer.blockNumber ? { getBlockNumber: signer.blockNumber } : {}),
  };
}

/** An Ethereum address as the SDKs' Identifier. */
export function ethereumIdentifier<Kind>(address: string, ethereum: Kind) {
  return { identifier: address.toLowerCase(), identifierKind: ethereum };
}

/** The SDK values a message query needs. */
export interface MessageQueryValues<Direction, Kind> {
  ascending: Direction;
  descending: Direction;
  application: Kind;
}

/** A message query in the SDK's own values; the limit's type (number or bigint) is the runtime's to convert. */
export function toListMessagesOptions<Direction, Kind>(query: MessageQuery, values: MessageQueryValues<Direction, Kind>) {
  return {
    direction: query.order === 'ascending' ? values.ascending : values.descending,
    ...(query.applicationOnly ? { kind: values.application } : {}),
    ...(query.sentBeforeNs !== undefined ? { sentBeforeNs: query.sentBeforeNs } : {}),
    ...(query.sentAfterNs !== undefined ? { sentAfterNs: query.sentAfterNs } : {}),
  };
}

/**
 * A room feed's stream in the SDK's options: allowed groups only, and neither the SDK's retries nor
 * its syncs, since the feed reconnects and replays gaps itself.
 */
export function toStreamOptions<Consent>({ onMessage, onFail }: MessageStreamHandlers, allowed: Consent) {
  return { consentStates: [allowed], onValue: onMessage, onError: () => {}, onFail, retryOnFail: false, disableSync: true };
}

/** The SDK values a reaction needs. */
export interface ReactionValues<Action, Schema> {
  added: Action;
  removed: Action;
  unicode: Schema;
}

/** An emoji reaction to `to`, added or removed, in the SDK's own values. */
export function toReaction<Action, Schema>(
  to: MessageRef,
  reaction: { emoji: string; removed: boolean },
  values: ReactionValues<Action, Schema>,
) {
  return {
    reference: to.id,
    referenceInboxId: to.senderInboxId,
    action: reaction.removed ? values.removed : values.added,
    content: reaction.emoji,
    schema: values.unicode,
  };
}

/** A reply to `to`, carrying content the SDK already encoded. */
export function toReply<Content>(to: MessageRef, content: Content) {
  return { content, reference: to.id, referenceInboxId: to.senderInboxId };
}

/** The part of both SDKs' `client.conversations` that finding groups needs. */
export interface ConversationLookup<Conversation> {
  sync(): Promise<unknown>;
  getConversationById(id: string): Promise<Conversation | undefined>;
}

/** Syncs the welcomes once, then looks each id up in the local database, keeping the groups (`isGroup`: the SDK's class check). */
export async function findGroupsIn<Conversation, Group extends Conversation>(
  conversations: ConversationLookup<Conversation>,
  groupIds: readonly string[],
  isGroup: (conversation: Conversation) => conversation is Group,
): Promise<Group[]> {
  await conversations.sync();
  const groups: Group[] = [];
  for (const groupId of groupIds) {
    const conversation = await conversations.getConversationById(groupId);
    if (conversation !== undefined && isGroup(conversation)) groups.push(conversation);
  }
  return groups;
}
