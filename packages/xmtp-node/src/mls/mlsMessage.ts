import { checkKeyPackageSignatures } from './keyPackage.ts';
import { type Commit, type Proposal, ProposalType, readCommit, readProposal } from './proposals.ts';
import { verifyWithLabel } from './signatures.ts';
import { AEAD_TAG_LENGTH, GROUP_ID_LENGTH } from './sizes.ts';
import { TlsDecodeError, TlsReader } from './tlsReader.ts';

const MLS_VERSION_1 = 1;
const WireFormat = { PUBLIC_MESSAGE: 1, PRIVATE_MESSAGE: 2 } as const;
const ContentType = { APPLICATION: 1, PROPOSAL: 2, COMMIT: 3 } as const;
const SenderType = { MEMBER: 1, EXTERNAL: 2, NEW_MEMBER_PROPOSAL: 3, NEW_MEMBER_COMMIT: 4 } as const;
/**
 * encrypted_sender_data is the AEAD encryption of MLSSenderData (leaf index, generation, reuse
 * guard: 12 bytes) with a 16-byte tag; every RFC 9420 ciphersuite's AEAD has that tag size.
 */
const ENCRYPTED_SENDER_DATA_LENGTH = 12 + AEAD_TAG_LENGTH;

/** RFC 9420 §12.1.8.1: what a sender named by the group's external_senders extension may propose. */
const EXTERNAL_SENDER_PROPOSALS = new Set<number>([
  ProposalType.ADD,
  ProposalType.REMOVE,
  ProposalType.PRE_SHARED_KEY,
  ProposalType.REINIT,
  ProposalType.GROUP_CONTEXT_EXTENSIONS,
]);

/** What the node needs from a group message: where it goes and whether it changes the epoch. */
export interface MlsMessageHeader {
  groupId: Uint8Array;
  epoch: bigint;
  isCommit: boolean;
}

/**
 * Parses a group message (MLSMessage, RFC 9420 §6) whole, as libxmtp's openmls will, and applies
 * what XMTP groups allow, so that nothing a client cannot decode or would always refuse is stored:
 *
 * - version mls10; wire format PrivateMessage or PublicMessage; no byte after the message;
 * - a 16-byte group id (libxmtp's GroupId); known content types; an encrypted_sender_data of the
 *   one size MLSSenderData encrypts to, and a ciphertext longer than its AEAD tag;
 * - a PublicMessage is read field by field: FramedContent with its proposal or commit (§12),
 *   FramedContentAuthData (signature, and confirmation_tag for a commit) and the membership_tag a
 *   member sender carries. XMTP groups are pure-ciphertext (openmls's default wire format policy,
 *   which libxmtp uses), so members send everything as PrivateMessage and every client refuses a
 *   member's PublicMessage; application data is never public (RFC 9420 §6.2). What remains are
 *   the RFC's senders from outside the group, each with the only content it may send:
 *   new_member_proposal (an Add, whose signature the node verifies with the key package's own
 *   key), new_member_commit (a commit with a path and one ExternalInit) and external (a proposal
 *   of a type RFC 9420 allows it). The signatures of new_member_commit and external senders cover
 *   the group context or use a key from the group's extensions, neither of which the node holds,
 *   so those are checked for structure only.
 *
 * The node never decrypts anything.
 */
export function parseGroupMessage(data: Uint8Array): MlsMessageHeader {
  const reader = new TlsReader(data);
  const version = reader.uint16('protocol version');
  if (version !== MLS_VERSION_1) throw new TlsDecodeError(`unsupported MLS protocol version ${version}`);
  const wireFormat = reader.uint16('wire format');
  let header: MlsMessageHeader;
  if (wireFormat === WireFormat.PRIVATE_MESSAGE) header = readPrivateMessage(reader);
  else if (wireFormat === WireFormat.PUBLIC_MESSAGE) header = readPublicMessage(reader, data);
  else throw new TlsDecodeError(`wire format ${wireFormat} cannot be sent to a group (expected a public or private message)`);
  reader.expectEnd(wireFormat === WireFormat.PRIVATE_MESSAGE ? 'PrivateMessage' : 'PublicMessage');
  return header;
}

function readPrivateMessage(reader: TlsReader): MlsMessageHeader {
  const groupId = readGroupId(reader);
  const epoch = reader.uint64('epoch');
  const contentType = readContentType(reader);
  reader.vector('authenticated_data');
  reader.vectorOfLength('encrypted_sender_data', ENCRYPTED_SENDER_DATA_LENGTH);
  const ciphertext = reader.vector('ciphertext');
  if (ciphertext.length <= AEAD_TAG_LENGTH) throw new TlsDecodeError(`ciphertext of ${ciphertext.length} bytes holds no content`);
  return { groupId, epoch, isCommit: contentType === ContentType.COMMIT };
}

function readPublicMessage(reader: TlsReader, data: Uint8Array): MlsMessageHeader {
  const contentStart = reader.position;
  const groupId = readGroupId(reader);
  const epoch = reader.uint64('epoch');
  const senderType = reader.uint8('sender type');
  if (senderType === SenderType.MEMBER || senderType === SenderType.EXTERNAL) reader.uint32('sender index');
  else if (senderType !== SenderType.NEW_MEMBER_PROPOSAL && senderType !== SenderType.NEW_MEMBER_COMMIT) {
    throw new TlsDecodeError(`unknown sender type ${senderType}`);
  }
  reader.vector('authenticated_data');
  const contentType = readContentType(reader);
  let proposal: Proposal | undefined;
  let commit: Commit | undefined;
  if (contentType === ContentType.APPLICATION) reader.vector('application_data');
  else if (contentType === ContentType.PROPOSAL) proposal = readProposal(reader, 'proposal');
  else commit = readCommit(reader, 'commit');
  const content = data.subarray(contentStart, reader.position);
  const signature = reader.vector('signature');
  if (commit) reader.vector('confirmation_tag');
  if (senderType === SenderType.MEMBER) reader.vector('membership_tag');

  if (contentType === ContentType.APPLICATION)
    throw new TlsDecodeError('application data must be sent as a PrivateMessage (RFC 9420 §6.2)');
  if (senderType === SenderType.MEMBER) {
    throw new TlsDecodeError(
      'XMTP groups take handshake messages from members only as PrivateMessage (pure-ciphertext wire format policy)',
    );
  }
  if (senderType === SenderType.NEW_MEMBER_COMMIT) {
    if (!commit?.hasPath) throw new TlsDecodeError('a new_member_commit must be a commit with an UpdatePath');
    const externalInits = commit.proposals.filter((byValue) => byValue.type === ProposalType.EXTERNAL_INIT).length;
    if (externalInits !== 1) throw new TlsDecodeError(`an external commit carries exactly one ExternalInit, not ${externalInits}`);
  } else if (!proposal) {
    throw new TlsDecodeError(`sender type ${senderType} may only send proposals`);
  } else if (senderType === SenderType.EXTERNAL && !EXTERNAL_SENDER_PROPOSALS.has(proposal.type)) {
    throw new TlsDecodeError(`an external sender may not send proposal type ${proposal.type}`);
  }
  if (senderType === SenderType.NEW_MEMBER_PROPOSAL) {
    const keyPackage = proposal?.type === ProposalType.ADD ? proposal.keyPackage : undefined;
    if (!keyPackage) throw new TlsDecodeError('a new_member_proposal must be an Add proposal');
    checkKeyPackageSignatures(keyPackage, 'added key package');
    // FramedContentTBS for this sender: version, wire format and the content, no group context.
    const signed = Buffer.concat([Buffer.from([0, MLS_VERSION_1, 0, WireFormat.PUBLIC_MESSAGE]), content]);
    if (!verifyWithLabel(keyPackage.leafNode.signatureKey, 'FramedContentTBS', signed, signature)) {
      throw new TlsDecodeError('the new member proposal is not signed by the key package it adds');
    }
  }
  return { groupId, epoch, isCommit: contentType === ContentType.COMMIT };
}

function readGroupId(reader: TlsReader): Uint8Array {
  return reader.vectorOfLength('group_id', GROUP_ID_LENGTH);
}

function readContentType(reader: TlsReader): number {
  const contentType = reader.uint8('content type');
  if (contentType < ContentType.APPLICATION || contentType > ContentType.COMMIT) {
    throw new TlsDecodeError(`unknown content type ${contentType}`);
  }
  return contentType;
}
