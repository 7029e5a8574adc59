import { anvilMnemonic } from '@ticketchat/contracts/node';
import { bytesToHex } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import type { DemoAccount } from '../config.ts';

/**
 * The demo wallets the local stack offers in the app, named by the caller: anvil's well-known keys
 * by account index, e.g. `demoAccounts({ 'Alice (creator)': 1, Bob: 2 })`. Never use these on a
 * real network: anyone can sign with them.
 */
export function demoAccounts(indexByName: Record<string, number>): DemoAccount[] {
  return Object.entries(indexByName).map(([name, addressIndex]) => {
    const privateKey = mnemonicToAccount(anvilMnemonic, { addressIndex }).getHdKey().privateKey;
    if (!privateKey) throw new Error(`anvil account ${addressIndex} has no private key`);
    return { name, privateKey: bytesToHex(privateKey) };
  });
}
