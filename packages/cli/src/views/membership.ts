import { nodeRuntime } from '@ticketchat/chat/node';
import type { ChatClient } from '../context.ts';

/** Whether the client is still in the group (after a refund or transfer the agent removes it). */
export async function isMember(client: ChatClient, groupId: string): Promise<boolean> {
  const group = await nodeRuntime.findGroup(client, groupId);
  if (!group) return false;
  return (await group.members()).some((member) => member.inboxId === client.inboxId);
}
