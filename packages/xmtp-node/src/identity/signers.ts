import { ed25519ph } from '@noble/curves/ed25519.js';
import { bytesToHex, recoverMessageAddress } from 'viem';
import type { Associations } from '../protocol/codecs.ts';
import { IdentityUpdateError } from './identityUpdateError.ts';

type Signature = NonNullable<Associations.CreateInbox['initialIdentifierSignature']>;

/** Who produced a signature, once checked; `unverified` for kinds this node cannot check offline. */
export type Signer = { kind: 'address'; address: string } | { kind: 'installation'; key: string } | { kind: 'unverified' };

/** libxmtp's domain separation for installation-key signatures on identity updates. */
const INSTALLATION_CONTEXT = new TextEncoder().encode('IDENTITY UPDATE SIGNATURE');

/**
 * Checks one signature over the update's signature text. ERC-191 (wallet) signatures recover the
 * signing address; installation-key signatures are Ed25519ph with XMTP's context. Smart-contract
 * wallet (ERC-1271/6492) and passkey signatures need a chain or WebAuthn and are left to clients.
 */
export async function recoverSigner(signature: Signature, text: string, where: string): Promise<Signer> {
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
  return { kind: 'unverified' };
}
