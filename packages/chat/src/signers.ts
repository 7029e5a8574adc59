import { hexToBytes, type Account, type Address, type WalletClient } from 'viem';
import { SignerError } from './errors.ts';
import type { XmtpSigner } from './sdk/types.ts';

/**
 * XMTP signers from viem, the way wallets plug in: a local account (a private key, tests and
 * agents) or a wallet client (a browser wallet). Keys never leave the account or wallet; XMTP only
 * gets signatures.
 */
export type SignerSource =
  | { account: Account & { signMessage: NonNullable<Account['signMessage']> } }
  | { walletClient: WalletClient; account?: Account | Address }
  /**
   * A smart-contract wallet (ERC-1271/6492): XMTP checks its signatures on the given chain. Its
   * `address` defaults to the account's, as with smart accounts whose client signs for the wallet;
   * set it when an owner key signs for a separate wallet contract.
   */
  | {
      walletClient: WalletClient;
      account?: Account | Address;
      smartWallet: { chainId: number | bigint; address?: Address; blockNumber?: () => bigint };
    };

const noAccount = () => new SignerError('The wallet client has no account; pass one with `account`.');

/** The lowercase address a signer source signs for. */
export function signerAddress(source: SignerSource): Address {
  if ('smartWallet' in source && source.smartWallet.address) return source.smartWallet.address.toLowerCase() as Address;
  const account = 'walletClient' in source ? (source.account ?? source.walletClient.account) : source.account;
  if (!account) throw noAccount();
  return (typeof account === 'string' ? account : account.address).toLowerCase() as Address;
}

/** The XMTP signer of a signer source; each runtime turns it into its SDK's signer. */
export function toXmtpSigner(source: SignerSource): XmtpSigner {
  const address = signerAddress(source);
  const signMessage = async (message: string): Promise<Uint8Array> => {
    if ('walletClient' in source) {
      const account = source.account ?? source.walletClient.account;
      if (!account) throw noAccount();
      return hexToBytes(await source.walletClient.signMessage({ account, message }));
    }
    return hexToBytes(await source.account.signMessage({ message }));
  };
  if ('smartWallet' in source) {
    const { chainId, blockNumber } = source.smartWallet;
    return { type: 'SCW', address, signMessage, chainId: BigInt(chainId), ...(blockNumber ? { blockNumber } : {}) };
  }
  return { type: 'EOA', address, signMessage };
}
