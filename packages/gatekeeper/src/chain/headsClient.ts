import { createPublicClient, webSocket, type PublicClient } from 'viem';

/**
 * A WebSocket client for new-head pushes. viem keeps ONE socket per URL per process, whoever
 * created it, so two agents in one process (tests, the local stack) share it: the socket is
 * closed only when the last agent using it lets go, never from under another.
 */
const users = new Map<string, number>();

export function openHeadsClient(wsUrl: string): { client: PublicClient; release: () => Promise<void> } {
  users.set(wsUrl, (users.get(wsUrl) ?? 0) + 1);
  const client = createPublicClient({ transport: webSocket(wsUrl) });
  let released = false;
  return {
    client,
    release: async () => {
      if (released) return;
      released = true;
      const left = (users.get(wsUrl) ?? 1) - 1;
      if (left > 0) return void users.set(wsUrl, left);
      users.delete(wsUrl);
      (await client.transport.getRpcClient()).close();
    },
  };
}
