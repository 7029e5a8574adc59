import { anvilMnemonic } from '@ticketchat/contracts/node';
import { toHex, type Address, type Hex } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';

export interface DevAccount {
  index: number;
  role: string;
  address: Address;
  /** Public knowledge: anvil derives these from its default mnemonic on every machine. */
  privateKey: Hex;
}

/** What each of anvil's well-known accounts is used for in the local stack and the demo. */
const ROLES: Record<number, string> = {
  0: 'deployer',
  1: 'creator',
  2: 'buyer',
  3: 'buyer',
  4: 'buyer',
  9: 'membership agent',
};

/** How the web app's demo wallet menu names the accounts people may pick. */
export const DEMO_ACCOUNT_NAMES: Record<number, string> = { 1: 'Alice (creator)', 2: 'Bob', 3: 'Carol', 4: 'Dave' };

export function devAccount(index: number): DevAccount {
  const account = mnemonicToAccount(anvilMnemonic, { addressIndex: index });
  const key = account.getHdKey().privateKey;
  if (!key) throw new Error(`no private key for anvil account ${index}`);
  return { index, role: ROLES[index] ?? 'spare', address: account.address, privateKey: toHex(key) };
}

/** The accounts the printout offers to people: the creator and the buyers. */
export const DEMO_ACCOUNT_INDEXES = [1, 2, 3, 4];
export const DEPLOYER_INDEX = 0;
export const AGENT_INDEX = 9;
