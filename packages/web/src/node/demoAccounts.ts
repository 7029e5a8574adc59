import { bytesToHex } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import type { DemoAccount } from '../config.ts';

/** Anvil's default mnemonic: its accounts are public, well-known development keys, funded on local chains only. */
const ANVIL_MNEMONIC = 'test test test test test test test test test test test junk';
const NAMES = ['Deployer', 'Alice (host)', 'Agent', 'Bob', 'Carol', 'Dave'];

/**
 * The demo wallets the local stack offers in the app: anvil's well-known keys, by index. Never use
 * these on a real network: anyone can sign with them.
 */
export function demoAccounts(indexes: number[] = [1, 3, 4, 5]): DemoAccount[] {
  return indexes.map((addressIndex) => {
    const privateKey = mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex }).getHdKey().privateKey;
    if (!privateKey) throw new Error(`anvil account ${addressIndex} has no private key`);
    return { name: NAMES[addressIndex] ?? `Account ${addressIndex}`, privateKey: bytesToHex(privateKey) };
  });
}
