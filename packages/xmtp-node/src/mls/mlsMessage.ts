import { TlsDecodeError, TlsReader } from './tlsReader.ts';

const MLS_VERSION_1 = 1;
const WireFormat = { PUBLIC_MESSAGE: 1, PRIVATE_MESSAGE: 2 } as const;
const ContentType = { APPLICATION: 1, PROPOSAL: 2, COMMIT: 3 } as const;
const SenderType = { MEMBER: 1, EXTERNAL: 2, NEW_MEMBER_PROPOSAL: 3, NEW_MEMBER_COMMIT: 4 } as const;

/** What the node needs from a group message: where it goes and whether it changes the epoch. */
export interface MlsMessageHeader {
  groupId: Uint8Array;
  epoch: bigint;
  isCommit: boolean;
}

/**
 * Reads the framing header of an MLSMessage (RFC 9420 §6) carrying a PublicMessage or a
 * PrivateMessage, the only wire formats a group topic accepts. A PrivateMessage is read to its
 * end, so truncated or padded ciphertexts are refused; a PublicMessage's body is checked to be
 * present. The node never decrypts anything.
 */
export function readMlsMessageHeader(data: Uint8Array): MlsMessageHeader {
  const reader = new TlsReader(data);
  const version = reader.uint16('protocol version');
  if (version !== MLS_VERSION_1) throw new TlsDecodeError(`unsupported MLS protocol version ${version}`);
  const wireFormat = reader.uint16('wire format');

  if (wireFormat === WireFormat.PRIVATE_MESSAGE) {
    const groupId = reader.vector('group_id');
    const epoch = reader.uint64('epoch');
    const contentType = readContentType(reader);
    reader.vector('authenticated_data');
    const senderData = reader.vector('encrypted_sender_data');
    const ciphertext = reader.vector('ciphertext');
    reader.expectEnd('PrivateMessage');
    if (senderData.length === 0 || ciphertext.length === 0) throw new TlsDecodeError('PrivateMessage has an empty ciphertext');
    return checked({ groupId, epoch, isCommit: contentType === ContentType.COMMIT });
  }

  if (wireFormat === WireFormat.PUBLIC_MESSAGE) {
    const groupId = reader.vector('group_id');
    const epoch = reader.uint64('epoch');
    const senderType = reader.uint8('sender type');
    if (senderType === SenderType.MEMBER || senderType === SenderType.EXTERNAL) reader.uint32('sender index');
    else if (senderType !== SenderType.NEW_MEMBER_PROPOSAL && senderType !== SenderType.NEW_MEMBER_COMMIT) {
      throw new TlsDecodeError(`unknown sender type ${senderType}`);
    }
    reader.vector('authenticated_data');
    const contentType = readContentType(reader);
    if (reader.remaining === 0) throw new TlsDecodeError('PublicMessage has no content');
    return checked({ groupId, epoch, isCommit: contentType === ContentType.COMMIT });
  }

  throw new TlsDecodeError(`wire format ${wireFormat} cannot be sent to a group (expected a public or private message)`);
}

function readContentType(reader: TlsReader): number {
  const contentType = reader.uint8('content type');
  if (contentType < ContentType.APPLICATION || contentType > ContentType.COMMIT) {
    throw new TlsDecodeError(`unknown content type ${contentType}`);
  }
  return contentType;
}

function checked(header: MlsMessageHeader): MlsMessageHeader {
  if (header.groupId.length === 0) throw new TlsDecodeError('empty group_id');
  return header;
}
