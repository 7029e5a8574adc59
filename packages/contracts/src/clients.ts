import type { Account, Chain, PublicClient, Transport, WalletClient } from 'viem';

/** Reads, receipts and logs. Any viem public client works (HTTP or WebSocket). */
export type TicketchatPublicClient = PublicClient<Transport, Chain | undefined>;

/** A wallet client with its signer attached: a viem local account (private key, mnemonic) or a JSON-RPC account. */
export type TicketchatWalletClient = WalletClient<Transport, Chain | undefined, Account>;

/** What every write action needs: a signer to send with and a public client to wait for the receipt. */
export type TicketchatClients = {
  publicClient: TicketchatPublicClient;
  walletClient: TicketchatWalletClient;
};
