import type { GroupPolicy } from '../sdk/types.ts';

/**
 * Event groups are locked down: members can read and write but never add anyone (only ticket
 * holders get in). Admins (the membership agent) add and remove members and may edit the name,
 * description and image; only the super admin (the creator) names admins or rebinds the group to
 * an event through its app data.
 */
export const EVENT_GROUP_POLICY: GroupPolicy = {
  addMember: 'admin',
  removeMember: 'admin',
  addAdmin: 'super-admin',
  removeAdmin: 'super-admin',
  updateMetadata: 'admin',
  updateAppData: 'super-admin',
};
