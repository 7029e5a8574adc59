import { readExtensions } from './extensions.ts';
import { type KeyPackage, readKeyPackage } from './keyPackage.ts';
import { readLeafNode } from './leafNode.ts';
import { TlsDecodeError, type TlsReader } from './tlsReader.ts';

/** RFC 9420 §12.1 proposal types. Drafts and private types are never sent in public messages by XMTP. */
export const ProposalType = {
  ADD: 1,
  UPDATE: 2,
  REMOVE: 3,
  PRE_SHARED_KEY: 4,
  REINIT: 5,
  EXTERNAL_INIT: 6,
  GROUP_CONTEXT_EXTENSIONS: 7,
} as const;

const PskType = { EXTERNAL: 1, RESUMPTION: 2 } as const;
const ResumptionUsage = { APPLICATION: 1, REINIT: 2, BRANCH: 3 } as const;
const ProposalOrRefType = { PROPOSAL: 1, REFERENCE: 2 } as const;

export interface Proposal {
  type: number;
  /** The key package an Add proposal carries. */
  keyPackage?: KeyPackage;
}

export interface Commit {
  /** Proposals sent by value; references are only counted. */
  proposals: Proposal[];
  references: number;
  hasPath: boolean;
}

/** RFC 9420 §12.1 Proposal, every field of every RFC 9420 proposal type. */
export function readProposal(reader: TlsReader, what: string): Proposal {
  const type = reader.uint16(`${what} proposal_type`);
  switch (type) {
    case ProposalType.ADD:
      return { type, keyPackage: readKeyPackage(reader, `${what} (add) key package`) };
    case ProposalType.UPDATE:
      readLeafNode(reader, `${what} (update) leaf`);
      break;
    case ProposalType.REMOVE:
      reader.uint32(`${what} (remove) removed`);
      break;
    case ProposalType.PRE_SHARED_KEY:
      readPreSharedKeyId(reader, `${what} (psk)`);
      break;
    case ProposalType.REINIT:
      reader.vector(`${what} (reinit) group_id`);
      reader.uint16(`${what} (reinit) version`);
      reader.uint16(`${what} (reinit) cipher_suite`);
      readExtensions(reader, `${what} (reinit) extensions`);
      break;
    case ProposalType.EXTERNAL_INIT:
      reader.vector(`${what} (external_init) kem_output`);
      break;
    case ProposalType.GROUP_CONTEXT_EXTENSIONS:
      readExtensions(reader, `${what} (group_context_extensions) extensions`);
      break;
    default:
      throw new TlsDecodeError(`${what}: proposal type 0x${type.toString(16)} is not an RFC 9420 proposal`);
  }
  return { type };
}

/** RFC 9420 §8.4 PreSharedKeyID. */
function readPreSharedKeyId(reader: TlsReader, what: string): void {
  const pskType = reader.uint8(`${what} psktype`);
  if (pskType === PskType.EXTERNAL) reader.vector(`${what} psk_id`);
  else if (pskType === PskType.RESUMPTION) {
    const usage = reader.uint8(`${what} usage`);
    if (usage < ResumptionUsage.APPLICATION || usage > ResumptionUsage.BRANCH)
      throw new TlsDecodeError(`${what}: unknown resumption usage ${usage}`);
    reader.vector(`${what} psk_group_id`);
    reader.uint64(`${what} psk_epoch`);
  } else throw new TlsDecodeError(`${what}: unknown psktype ${pskType}`);
  reader.vector(`${what} psk_nonce`);
}

/** RFC 9420 §12.4 Commit: proposals by value or reference, and an optional UpdatePath. */
export function readCommit(reader: TlsReader, what: string): Commit {
  const proposals: Proposal[] = [];
  let references = 0;
  reader.list(`${what} proposals`, (items, index) => {
    const kind = items.uint8(`${what} proposals[${index}] type`);
    if (kind === ProposalOrRefType.PROPOSAL) proposals.push(readProposal(items, `${what} proposals[${index}]`));
    else if (kind === ProposalOrRefType.REFERENCE) {
      items.vector(`${what} proposals[${index}] reference`);
      references += 1;
    } else throw new TlsDecodeError(`${what} proposals[${index}]: unknown ProposalOrRef type ${kind}`);
  });
  const path = reader.optional(`${what} path`, (pathReader) => readUpdatePath(pathReader, `${what} path`));
  return { proposals, references, hasPath: path !== undefined };
}

/** RFC 9420 §7.6 UpdatePath: the committer's new leaf and one encrypted path secret set per node. */
function readUpdatePath(reader: TlsReader, what: string): true {
  readLeafNode(reader, `${what} leaf`);
  reader.list(`${what} nodes`, (nodes, index) => {
    nodes.vector(`${what} nodes[${index}] encryption_key`);
    nodes.list(`${what} nodes[${index}] encrypted_path_secret`, (secrets, secretIndex) => {
      secrets.vector(`${what} nodes[${index}] secret ${secretIndex} kem_output`);
      secrets.vector(`${what} nodes[${index}] secret ${secretIndex} ciphertext`);
    });
  });
  return true;
}
