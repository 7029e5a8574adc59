import { createPublicClient, getAddress, http, isAddress, type Address, type Hex, type PublicClient } from 'viem';

/** What VerifySmartContractWalletSignatures answers for one signature. */
export interface SmartWalletVerdict {
  isValid: boolean;
  blockNumber?: bigint;
  error?: string;
}

export interface SmartWalletSignature {
  /** CAIP-10: `eip155:<chainId>:<address>`. */
  accountId: string;
  /** The EIP-191 hash of the signed text. */
  hash: Uint8Array;
  signature: Uint8Array;
  blockNumber?: bigint;
}

const CAIP10_EIP155 = /^eip155:(\d+):(0x[0-9a-fA-F]{40})$/;

export function parseAccountId(accountId: string): { chainId: number; address: Address } | undefined {
  const match = CAIP10_EIP155.exec(accountId);
  if (!match || !isAddress(match[2]!)) return undefined;
  return { chainId: Number(match[1]), address: getAddress(match[2]!) };
}

/**
 * Checks smart-contract-wallet signatures (ERC-1271, and ERC-6492 for wallets not deployed yet)
 * against the wallet's chain, as XMTP's validation service does. Only chains the operator
 * configured an RPC for can be checked; signatures on any other chain are invalid, never assumed.
 */
export class SmartWalletVerifier {
  private readonly clients = new Map<number, PublicClient>();

  constructor(private readonly chainRpcUrls: Readonly<Record<number, string>> = {}) {}

  get chainIds(): number[] {
    return Object.keys(this.chainRpcUrls).map(Number);
  }

  async verify(signature: SmartWalletSignature): Promise<SmartWalletVerdict> {
    const account = parseAccountId(signature.accountId);
    if (!account) return { isValid: false, error: `"${signature.accountId.slice(0, 80)}" is not an eip155 CAIP-10 account id` };
    const client = this.client(account.chainId);
    if (!client) return { isValid: false, error: `no RPC is configured for chain ${account.chainId}` };
    try {
      // Clients need the block the check ran at (libxmtp fails with "Unable to get block number"
      // without it), so an unspecified block is pinned to the latest one and reported.
      const blockNumber = signature.blockNumber ?? (await client.getBlockNumber());
      const isValid = await client.verifyHash({
        address: account.address,
        hash: toHex(signature.hash),
        signature: toHex(signature.signature),
        blockNumber,
      });
      return { isValid, blockNumber };
    } catch (error) {
      return {
        isValid: false,
        error: `chain ${account.chainId} could not check the signature: ${(error as Error).message.split('\n')[0]}`,
      };
    }
  }

  private client(chainId: number): PublicClient | undefined {
    const url = this.chainRpcUrls[chainId];
    if (!url) return undefined;
    let client = this.clients.get(chainId);
    if (!client) {
      client = createPublicClient({ transport: http(url) });
      this.clients.set(chainId, client);
    }
    return client;
  }
}

const toHex = (bytes: Uint8Array): Hex => `0x${Buffer.from(bytes).toString('hex')}`;
