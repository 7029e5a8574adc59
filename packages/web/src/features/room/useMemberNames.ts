import { browserRuntime } from '@ticketchat/chat/browser';
import { useCallback, useMemo } from 'react';
import { privateKeyToAccount } from 'viem/accounts';
import { useServices } from '../../lib/services.tsx';

const short = (id: string) => (id.startsWith('0x') ? `${id.slice(0, 6)}…${id.slice(-4)}` : `${id.slice(0, 8)}…`);

export interface MemberNames {
  /** What the room calls an inbox: "You", "Host", a staff member, the agent, a demo name or a short address. */
  name(inboxId: string): string;
  hostInbox: string;
  /** The inboxes of the staff the creator named (they may announce). */
  staffInboxes: ReadonlySet<string>;
}

/**
 * Names for the room's inboxes. The host's and the staff's inboxes are derived from their
 * addresses (the chain's creator, the chain-named metadata's staff), never taken from a message.
 */
export function useMemberNames(options: {
  me: string;
  hostAddress: string;
  staff: readonly string[] | undefined;
  addresses: Map<string, string> | undefined;
}): MemberNames {
  const { me, hostAddress, staff, addresses } = options;
  const { config } = useServices();
  const hostInbox = useMemo(() => browserRuntime.inboxIdFor(hostAddress), [hostAddress]);
  const staffInboxes = useMemo(() => new Set((staff ?? []).map((address) => browserRuntime.inboxIdFor(address))), [staff]);
  // On the local stack the demo wallets have names; people see "Bob", not 0x3c44…93bc.
  const demoNames = useMemo(
    () => new Map(config.demoAccounts.map(({ name, privateKey }) => [privateKeyToAccount(privateKey).address.toLowerCase(), name])),
    [config],
  );
  const name = useCallback(
    (inboxId: string) => {
      if (inboxId === me) return 'You';
      if (inboxId === hostInbox) return 'Host';
      if (inboxId === config.agentInboxId) return 'Membership agent';
      const address = addresses?.get(inboxId);
      const person = address ? (demoNames.get(address.toLowerCase()) ?? short(address)) : undefined;
      if (staffInboxes.has(inboxId)) return `Staff${person ? ` (${person})` : ''}`;
      if (person) return person;
      // Once the members are known, an unknown sender left before this page opened.
      return addresses ? 'Former member' : short(inboxId);
    },
    [me, hostInbox, config.agentInboxId, addresses, demoNames, staffInboxes],
  );
  return { name, hostInbox, staffInboxes };
}
