import type { GroupPolicy, OptimisticGroupOptions, XmtpRuntime } from './types.ts';

/**
 * What both SDK bindings share: the two SDKs name their enums and options alike but ship them as
 * distinct objects, so each runtime passes its own SDK's values through these mappings.
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

/** The enum values the library needs, read from an SDK's enum objects. */
export interface SdkEnums {
  IdentifierKind: { Ethereum: unknown };
  ConsentState: { Allowed: unknown; Unknown: unknown; Denied: unknown };
  SortDirection: { Ascending: unknown; Descending: unknown };
  GroupMessageKind: { Application: unknown };
  ReactionAction: { Added: unknown; Removed: unknown };
  ReactionSchema: { Unicode: unknown };
}

export function pickEnums(sdk: SdkEnums): XmtpRuntime['enums'] {
  return {
    identifierKindEthereum: sdk.IdentifierKind.Ethereum,
    consentAllowed: sdk.ConsentState.Allowed,
    consentUnknown: sdk.ConsentState.Unknown,
    consentDenied: sdk.ConsentState.Denied,
    sortDescending: sdk.SortDirection.Descending,
    sortAscending: sdk.SortDirection.Ascending,
    kindApplication: sdk.GroupMessageKind.Application,
    reactionAdded: sdk.ReactionAction.Added,
    reactionRemoved: sdk.ReactionAction.Removed,
    reactionUnicode: sdk.ReactionSchema.Unicode,
  };
}
