import protobuf from 'protobufjs/minimal.js';
import { IdentityUpdateError } from '../errors.ts';

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

type FieldSpec = [name: string, type: FieldType, options?: { repeated?: true; oneof?: string }];

/** A message whose fields are numbered 1, 2, 3… in the order given, as every message here is. */
const message = (name: string, ...fields: FieldSpec[]): MessageSchema => ({
  name,
  fields: Object.fromEntries(fields.map(([field, type, options], index) => [index + 1, { name: field, type, ...options }])),
});

const signatureKind = { oneof: 'signature' };
const signature = message(
  'Signature',
  ['erc191', message('RecoverableEcdsaSignature', ['bytes', 'bytes']), signatureKind],
  [
    'erc6492',
    message('SmartContractWalletSignature', ['account_id', 'string'], ['block_number', 'varint'], ['signature', 'bytes']),
    signatureKind,
  ],
  ['installation_key', message('RecoverableEd25519Signature', ['bytes', 'bytes'], ['public_key', 'bytes']), signatureKind],
  // The node refuses legacy delegated signatures whatever they hold, so their content is not walked.
  ['delegated_erc191', 'bytes', signatureKind],
  [
    'passkey',
    message(
      'RecoverablePasskeySignature',
      ['public_key', 'bytes'],
      ['signature', 'bytes'],
      ['authenticator_data', 'bytes'],
      ['client_data_json', 'bytes'],
    ),
    signatureKind,
  ],
);
const kind = { oneof: 'kind' };
const memberIdentifier = message(
  'MemberIdentifier',
  ['ethereum_address', 'string', kind],
  ['installation_public_key', 'bytes', kind],
  ['passkey', message('Passkey', ['key', 'bytes'], ['relying_party', 'string']), kind],
);
const createInbox = message(
  'CreateInbox',
  ['initial_identifier', 'string'],
  ['nonce', 'varint'],
  ['initial_identifier_signature', signature],
  ['initial_identifier_kind', 'varint'],
  ['relying_party', 'string'],
);
const addAssociation = message(
  'AddAssociation',
  ['new_member_identifier', memberIdentifier],
  ['existing_member_signature', signature],
  ['new_member_signature', signature],
  ['relying_party', 'string'],
);
const revokeAssociation = message(
  'RevokeAssociation',
  ['member_to_revoke', memberIdentifier],
  ['recovery_identifier_signature', signature],
);
const changeRecoveryAddress = message(
  'ChangeRecoveryAddress',
  ['new_recovery_identifier', 'string'],
  ['existing_recovery_identifier_signature', signature],
  ['new_recovery_identifier_kind', 'varint'],
  ['relying_party', 'string'],
);
const identityAction = message(
  'IdentityAction',
  ['create_inbox', createInbox, kind],
  ['add', addAssociation, kind],
  ['revoke', revokeAssociation, kind],
  ['change_recovery_address', changeRecoveryAddress, kind],
);
const identityUpdate = message(
  'IdentityUpdate',
  ['actions', identityAction, { repeated: true }],
  ['client_timestamp_ns', 'varint'],
  ['inbox_id', 'string'],
);

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
