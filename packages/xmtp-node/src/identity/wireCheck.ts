import protobuf from 'protobufjs/minimal.js';
import { IdentityUpdateError } from './identityUpdateError.ts';

/*
 * Clients decode identity updates with prost (libxmtp), the node with protobufjs. The two disagree
 * on inputs a client never produces: a field with the wrong wire type (prost fails, protobufjs
 * skips it), a singular message field sent twice (prost merges, protobufjs keeps the last), two
 * members of one oneof (prost keeps the last, the node's codecs see both), a string that is not
 * UTF-8 (prost fails, protobufjs substitutes). An update the node accepted but a client decodes
 * differently, or not at all, would poison the inbox's log for everyone, so such updates are
 * refused here, by walking the wire format against the schema of xmtp.identity.associations.
 * Unknown fields pass: both decoders skip them.
 */

type FieldType = 'varint' | 'string' | 'bytes' | MessageSchema;

interface FieldSchema {
  name: string;
  type: FieldType;
  repeated?: boolean;
  oneof?: string;
}

interface MessageSchema {
  name: string;
  fields: Record<number, FieldSchema>;
}

const message = (name: string, fields: Record<number, FieldSchema>): MessageSchema => ({ name, fields });

const recoverableEcdsa = message('RecoverableEcdsaSignature', { 1: { name: 'bytes', type: 'bytes' } });
const signature = message('Signature', {
  1: { name: 'erc191', oneof: 'signature', type: recoverableEcdsa },
  2: {
    name: 'erc6492',
    oneof: 'signature',
    type: message('SmartContractWalletSignature', {
      1: { name: 'account_id', type: 'string' },
      2: { name: 'block_number', type: 'varint' },
      3: { name: 'signature', type: 'bytes' },
    }),
  },
  3: {
    name: 'installation_key',
    oneof: 'signature',
    type: message('RecoverableEd25519Signature', { 1: { name: 'bytes', type: 'bytes' }, 2: { name: 'public_key', type: 'bytes' } }),
  },
  // The node refuses legacy delegated signatures whatever they hold, so their content is not walked.
  4: { name: 'delegated_erc191', oneof: 'signature', type: 'bytes' },
  5: {
    name: 'passkey',
    oneof: 'signature',
    type: message('RecoverablePasskeySignature', {
      1: { name: 'public_key', type: 'bytes' },
      2: { name: 'signature', type: 'bytes' },
      3: { name: 'authenticator_data', type: 'bytes' },
      4: { name: 'client_data_json', type: 'bytes' },
    }),
  },
});
const memberIdentifier = message('MemberIdentifier', {
  1: { name: 'ethereum_address', oneof: 'kind', type: 'string' },
  2: { name: 'installation_public_key', oneof: 'kind', type: 'bytes' },
  3: {
    name: 'passkey',
    oneof: 'kind',
    type: message('Passkey', { 1: { name: 'key', type: 'bytes' }, 2: { name: 'relying_party', type: 'string' } }),
  },
});
const identityAction = message('IdentityAction', {
  1: {
    name: 'create_inbox',
    oneof: 'kind',
    type: message('CreateInbox', {
      1: { name: 'initial_identifier', type: 'string' },
      2: { name: 'nonce', type: 'varint' },
      3: { name: 'initial_identifier_signature', type: signature },
      4: { name: 'initial_identifier_kind', type: 'varint' },
      5: { name: 'relying_party', type: 'string' },
    }),
  },
  2: {
    name: 'add',
    oneof: 'kind',
    type: message('AddAssociation', {
      1: { name: 'new_member_identifier', type: memberIdentifier },
      2: { name: 'existing_member_signature', type: signature },
      3: { name: 'new_member_signature', type: signature },
      4: { name: 'relying_party', type: 'string' },
    }),
  },
  3: {
    name: 'revoke',
    oneof: 'kind',
    type: message('RevokeAssociation', {
      1: { name: 'member_to_revoke', type: memberIdentifier },
      2: { name: 'recovery_identifier_signature', type: signature },
    }),
  },
  4: {
    name: 'change_recovery_address',
    oneof: 'kind',
    type: message('ChangeRecoveryAddress', {
      1: { name: 'new_recovery_identifier', type: 'string' },
      2: { name: 'existing_recovery_identifier_signature', type: signature },
      3: { name: 'new_recovery_identifier_kind', type: 'varint' },
      4: { name: 'relying_party', type: 'string' },
    }),
  },
});
const identityUpdate = message('IdentityUpdate', {
  1: { name: 'actions', type: identityAction, repeated: true },
  2: { name: 'client_timestamp_ns', type: 'varint' },
  3: { name: 'inbox_id', type: 'string' },
});

const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Throws an IdentityUpdateError unless libxmtp and this node read `bytes` as the same IdentityUpdate. */
export function checkIdentityUpdateWire(bytes: Uint8Array): void {
  checkMessage(bytes, identityUpdate, 'identity_update');
}

function checkMessage(bytes: Uint8Array, schema: MessageSchema, path: string): void {
  const reader = protobuf.Reader.create(bytes);
  const seenFields = new Set<number>();
  const seenOneofs = new Map<string, string>();
  try {
    while (reader.pos < reader.len) {
      const tag = reader.uint32();
      const number = tag >>> 3;
      const wireType = tag & 7;
      const field = schema.fields[number];
      if (number === 0) throw new IdentityUpdateError(`${path}: field number 0 is not allowed`);
      if (!field) {
        reader.skipType(wireType);
        continue;
      }
      const where = `${path}.${field.name}`;
      const expected = field.type === 'varint' ? WIRE_VARINT : WIRE_LENGTH_DELIMITED;
      if (wireType !== expected) throw new IdentityUpdateError(`${where} has wire type ${wireType}, expected ${expected}`);
      if (!field.repeated) {
        if (seenFields.has(number)) throw new IdentityUpdateError(`${where} appears more than once`);
        seenFields.add(number);
      }
      if (field.oneof) {
        const other = seenOneofs.get(field.oneof);
        if (other && other !== field.name) throw new IdentityUpdateError(`${path} sets both ${other} and ${field.name} of one oneof`);
        seenOneofs.set(field.oneof, field.name);
      }
      if (field.type === 'varint') {
        checkVarint(reader, where);
        continue;
      }
      const value = reader.bytes();
      if (field.type === 'string') {
        try {
          utf8.decode(value);
        } catch {
          throw new IdentityUpdateError(`${where} is not valid UTF-8`);
        }
      } else if (field.type !== 'bytes') {
        checkMessage(value, field.type, where);
      }
    }
  } catch (error) {
    if (error instanceof IdentityUpdateError) throw error;
    throw new IdentityUpdateError(`${path} is not a valid ${schema.name}: ${(error as Error).message}`);
  }
}

/** A varint of at most 10 bytes whose tenth byte holds only the top bit of a uint64, as prost requires. */
function checkVarint(reader: protobuf.Reader, where: string): void {
  const start = reader.pos;
  reader.skipType(WIRE_VARINT);
  const length = reader.pos - start;
  if (length === 10 && reader.buf[start + 9]! > 1) throw new IdentityUpdateError(`${where} overflows 64 bits`);
}
