import type { XmtpClient, XmtpGroup } from '@ticketchat/chat';

/** Whether the client is still in the group (after a refund or transfer the agent removes it). */
export async function isMember(client: XmtpClient, groupId: string): Promise<boolean> {
  const group = (await client.conversations.getConversationById(groupId)) as XmtpGroup | undefined;
  if (!group) return false;
  return (await group.members()).some((member) => member.inboxId === client.inboxId);
}
