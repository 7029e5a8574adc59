import { readCredential, readLeafNode } from './leafNode.ts';
import { TlsDecodeError, type TlsReader } from './tlsReader.ts';

/** Extension types whose content openmls decodes (RFC 9420 §13.3 and openmls's own). */
const ExtensionType = {
  APPLICATION_ID: 0x0001,
  RATCHET_TREE: 0x0002,
  REQUIRED_CAPABILITIES: 0x0003,
  EXTERNAL_PUB: 0x0004,
  EXTERNAL_SENDERS: 0x0005,
  LAST_RESORT: 0x000a,
  IMMUTABLE_METADATA: 0xf000,
} as const;

const NodeType = { LEAF: 1, PARENT: 2 } as const;

/**
 * `Extension extensions<V>` (RFC 9420 §7.2): each extension's data is decoded as the client's
 * openmls decodes it for the types it knows, so junk inside a known extension is refused; other
 * types (XMTP's private 0xff00.. ones, drafts) are opaque to openmls too. A type may appear once.
 */
export function readExtensions(reader: TlsReader, what: string): number[] {
  const seen = new Set<number>();
  return reader.list(what, (items, index) => {
    const type = items.uint16(`${what}[${index}].extension_type`);
    const data = items.sub(`${what}[${index}].extension_data`);
    if (seen.has(type)) throw new TlsDecodeError(`${what} holds extension type 0x${type.toString(16)} twice`);
    seen.add(type);
    readExtensionData(type, data, `${what}[${index}]`);
    data.expectEnd(`${what}[${index}] (extension 0x${type.toString(16)})`);
    return type;
  });
}

function readExtensionData(type: number, data: TlsReader, what: string): void {
  switch (type) {
    case ExtensionType.APPLICATION_ID:
    case ExtensionType.EXTERNAL_PUB:
    case ExtensionType.IMMUTABLE_METADATA:
      data.vector(`${what} content`);
      return;
    case ExtensionType.RATCHET_TREE:
      data.list(`${what} ratchet tree`, (nodes, index) => nodes.optional(`${what} node ${index}`, (node) => readTreeNode(node, what)));
      return;
    case ExtensionType.REQUIRED_CAPABILITIES:
      for (const list of ['extension_types', 'proposal_types', 'credential_types']) readUint16List(data, `${what}.${list}`);
      return;
    case ExtensionType.EXTERNAL_SENDERS:
      data.list(`${what} external senders`, (senders, index) => {
        senders.vector(`${what} external sender ${index} signature_key`);
        readCredential(senders, `${what} external sender ${index}`);
      });
      return;
    case ExtensionType.LAST_RESORT:
      return;
    default:
      data.skipRest();
  }
}

/** RFC 9420 §12.4.3.3 Node: a leaf or a parent (encryption key, parent hash, unmerged leaves). */
function readTreeNode(node: TlsReader, what: string): void {
  const type = node.uint8(`${what} node type`);
  if (type === NodeType.LEAF) readLeafNode(node, `${what} leaf`);
  else if (type === NodeType.PARENT) {
    node.vector(`${what} parent encryption_key`);
    node.vector(`${what} parent_hash`);
    readUint32List(node, `${what} unmerged_leaves`);
  } else throw new TlsDecodeError(`${what}: unknown tree node type ${type}`);
}

/** `uint16 values<V>`: the byte length must be a whole number of values. */
export function readUint16List(reader: TlsReader, what: string): number[] {
  return reader.list(what, (items) => items.uint16(what));
}

function readUint32List(reader: TlsReader, what: string): number[] {
  return reader.list(what, (items) => items.uint32(what));
}
