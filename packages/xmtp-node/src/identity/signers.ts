import { ed25519ph } from '@noble/curves/ed25519.js';
import { bytesToHex, hashMessage, hexToBytes, recoverMessageAddress } from 'viem';
import type { Associations } from '../protocol/codecs.ts';
import { IdentityUpdateError } from './identityUpdateError.ts';
import { parseAccountId, type SmartWalletVerifier } from './smartWallets.ts';

type Signature = NonNullable<Associations.CreateInbox['initialIdentifierSignature']>;

/** Who produced a signature, once checked; `unverified` for kinds this node cannot check offline. */
export type Signer = { kind: 'address'; address: string } | { kind: 'installation'; key: string } | { kind: 'unverified' };

/** libxmtp's domain separation for installation-key signatures on identity updates. */
const INSTALLATION_CONTEXT = new TextEncoder().encode('IDENTITY UPDATE SIGNATURE');

/**
 * Checks one signature over the update's signature text. ERC-191 (wallet) signatures recover the
 * signing address; installation-key signatures are Ed25519ph with XMTP's context; smart-contract
 * wallet signatures (ERC-1271/6492) are checked on the wallet's chain. Passkey (WebAuthn) and
 * legacy signatures are left to the clients, which re-verify every update they read.
 */
export async function recoverSigner(signature: Signature, text: string, where: string, smartWallets: SmartWalletVerifier): Promise<Signer> {
  if (signature.erc191) {
    try {
      const address = await recoverMessageAddress({ message: text, signature: bytesToHex(signature.erc191.bytes) });
      return { kind: 'address', address: address.toLowerCase() };
    } catch (error) {
      throw new IdentityUpdateError(`${where}: not a valid ERC-191 signature (${(error as Error).message.split('\n')[0]})`);
    }
  }
  if (signature.installationKey) {
    const { bytes, publicKey } = signature.installationKey;
    let valid = false;
    try {
      valid = ed25519ph.verify(bytes, new TextEncoder().encode(text), publicKey, { context: INSTALLATION_CONTEXT });
    } catch {
      valid = false;
    }
    if (!valid) throw new IdentityUpdateError(`${where}: the installation signature does not verify`);
    return { kind: 'installation', key: Buffer.from(publicKey).toString('hex') };
  }
  if (signature.erc6492) {
    const { accountId, signature: bytes, blockNumber } = signature.erc6492;
    const account = parseAccountId(accountId);
    const verdict = await smartWallets.verify({
      accountId,
      hash: hexToBytes(hashMessage(text)),
      signature: bytes,
      ...(blockNumber.isZero() ? {} : { blockNumber: BigInt(blockNumber.toString()) }),
    });
    if (!account || !verdict.isValid)
      throw new IdentityUpdateError(`${where}: the smart-wallet signature is not valid (${verdict.error ?? 'rejected by the wallet'})`);
    return { kind: 'address', address: account.address.toLowerCase() };
  }
  return { kind: 'unverified' };
}
