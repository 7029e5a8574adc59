import { createHash } from 'node:crypto';
import { ed25519ph } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, hashMessage, hexToBytes } from 'viem';
import { publicKeyToAddress } from 'viem/accounts';
import type { Associations } from '../protocol/codecs.ts';
import { IdentityUpdateError } from '../errors.ts';
import { ethereumMember, installationMember, type MemberId, passkeyMember } from './members.ts';
import { parseAccountId, type SmartWalletVerifier } from './smartWallets.ts';

export type Signature = NonNullable<Associations.CreateInbox['initialIdentifierSignature']>;

/** libxmtp's signature kinds the node verifies (legacy delegated ones are refused, see below). */
export type SignatureKind = 'erc191' | 'erc1271' | 'installation-key' | 'p256';

/** A signature the node checked, with whom it proves (libxmtp's `VerifiedSignature`). */
export interface VerifiedSignature {
  signer: MemberId;
  kind: SignatureKind;
  /** The bytes libxmtp remembers to refuse a replay of this signature, as hex. */
  replayKey: string;
  /** The chain of a smart-contract wallet's signature. */
  chainId?: number;
}

/** What checks smart-contract-wallet signatures: the chain, or the log's earlier verdicts. */
export type SmartWalletCheck = Pick<SmartWalletVerifier, 'verify'>;

/** libxmtp's domain separation for installation-key signatures on identity updates. */
const INSTALLATION_CONTEXT = new TextEncoder().encode('IDENTITY UPDATE SIGNATURE');
const SECP256K1_ORDER = secp256k1.Point.Fn.ORDER;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Checks one signature over the update's signature text and says who signed, exactly as libxmtp's
 * `UnverifiedSignature::to_verified` does, so that the node accepts what clients accept and
 * nothing more. A signature with no kind, or of a kind the node cannot verify, is refused.
 */
export async function verifySignature(
  signature: Signature | undefined,
  text: string,
  where: string,
  smartWallets: SmartWalletCheck,
): Promise<VerifiedSignature> {
  if (!signature) throw new IdentityUpdateError(`${where}: signature is missing`);
  if (signature.erc191) return verifyErc191(signature.erc191.bytes, text, where);
  if (signature.installationKey) return verifyInstallationKey(signature.installationKey, text, where);
  if (signature.passkey) return verifyPasskey(signature.passkey, text, where);
  if (signature.erc6492) return verifySmartWallet(signature.erc6492, text, where, smartWallets);
  if (signature.delegatedErc191) {
    // Only XMTP v2 identities migrating to v3 signed with their legacy key; every current SDK
    // (node, browser, iOS, Android) passes no legacy key, so nothing legitimate sends one.
    throw new IdentityUpdateError(`${where}: legacy delegated signatures are not accepted (no current XMTP SDK sends them)`);
  }
  throw new IdentityUpdateError(`${where}: signature has no kind set`);
}

/** ERC-191 personal_sign: recovers the address after normalising s to the low half, as libxmtp. */
function verifyErc191(bytes: Uint8Array, text: string, where: string): VerifiedSignature {
  if (bytes.length !== 65) throw new IdentityUpdateError(`${where}: an ERC-191 signature has 65 bytes, not ${bytes.length}`);
  const v = bytes[64]!;
  const recovery = v === 0 || v === 27 ? 0 : v === 1 || v === 28 ? 1 : undefined;
  if (recovery === undefined) throw new IdentityUpdateError(`${where}: ERC-191 recovery byte ${v} is not 0, 1, 27 or 28`);
  try {
    let parsed = secp256k1.Signature.fromBytes(bytes.subarray(0, 64), 'compact');
    if (parsed.hasHighS()) parsed = new secp256k1.Signature(parsed.r, SECP256K1_ORDER - parsed.s);
    const compact = parsed.toBytes('compact');
    const point = parsed.addRecoveryBit(recovery).recoverPublicKey(hexToBytes(hashMessage(text)));
    const address = publicKeyToAddress(bytesToHex(point.toBytes(false))).toLowerCase();
    return { signer: ethereumMember(address), kind: 'erc191', replayKey: hex(compact) + hex(bytes.subarray(64)) };
  } catch (error) {
    throw new IdentityUpdateError(`${where}: not a valid ERC-191 signature (${(error as Error).message.split('\n')[0]})`);
  }
}

function verifyInstallationKey(
  { bytes, publicKey }: NonNullable<Signature['installationKey']>,
  text: string,
  where: string,
): VerifiedSignature {
  let valid = false;
  try {
    valid =
      publicKey.length === 32 && ed25519ph.verify(bytes, new TextEncoder().encode(text), publicKey, { context: INSTALLATION_CONTEXT });
  } catch {
    valid = false;
  }
  if (!valid) throw new IdentityUpdateError(`${where}: the installation signature does not verify`);
  return { signer: installationMember(publicKey), kind: 'installation-key', replayKey: hex(bytes) };
}

/**
 * WebAuthn, as libxmtp checks it: the client data's `challenge` is the signature text in unpadded
 * base64url, and the P-256 key signed SHA-256(authenticatorData || SHA-256(clientDataJSON)) in DER.
 * The signer is the passkey's public key, whatever the relying party.
 */
function verifyPasskey(signature: NonNullable<Signature['passkey']>, text: string, where: string): VerifiedSignature {
  const { publicKey, authenticatorData, clientDataJson } = signature;
  let challenge: unknown;
  let origin: unknown;
  try {
    ({ challenge, origin } = JSON.parse(utf8.decode(clientDataJson)) as { challenge?: unknown; origin?: unknown });
  } catch {
    throw new IdentityUpdateError(`${where}: the passkey's client data is not JSON`);
  }
  if (typeof challenge !== 'string' || typeof origin !== 'string') {
    throw new IdentityUpdateError(`${where}: the passkey's client data lacks a string challenge and origin`);
  }
  if (challenge !== Buffer.from(text).toString('base64url')) {
    throw new IdentityUpdateError(`${where}: the passkey's challenge is not this update's signature text`);
  }
  let compact: Uint8Array;
  let valid = false;
  try {
    compact = p256.Signature.fromBytes(signature.signature, 'der').toBytes('compact');
    const clientDataHash = createHash('sha256').update(clientDataJson).digest();
    valid = p256.verify(compact, Buffer.concat([authenticatorData, clientDataHash]), publicKey, { lowS: false });
  } catch {
    valid = false;
  }
  if (!valid) throw new IdentityUpdateError(`${where}: the passkey signature does not verify`);
  return { signer: passkeyMember(publicKey), kind: 'p256', replayKey: hex(compact!) };
}

async function verifySmartWallet(
  { accountId, signature: bytes, blockNumber }: NonNullable<Signature['erc6492']>,
  text: string,
  where: string,
  smartWallets: SmartWalletCheck,
): Promise<VerifiedSignature> {
  const account = parseAccountId(accountId);
  if (!account) throw new IdentityUpdateError(`${where}: "${accountId.slice(0, 80)}" is not an eip155 CAIP-10 account id`);
  const verdict = await smartWallets.verify({
    accountId,
    hash: hexToBytes(hashMessage(text)),
    signature: bytes,
    ...(blockNumber.isZero() ? {} : { blockNumber: BigInt(blockNumber.toString()) }),
  });
  if (!verdict.isValid)
    throw new IdentityUpdateError(`${where}: the smart-wallet signature is not valid (${verdict.error ?? 'rejected by the wallet'})`);
  return { signer: ethereumMember(account.address.toLowerCase()), kind: 'erc1271', replayKey: hex(bytes), chainId: account.chainId };
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
