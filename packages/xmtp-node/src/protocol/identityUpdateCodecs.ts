import protobuf from 'protobufjs/minimal.js';
import { toLong } from './longs.ts';
import type { Codec } from './messageCodec.ts';

/*
 * Identity updates are relayed byte for byte: re-encoding a decoded update would drop fields this
 * node's protobuf definitions do not know, and every client re-verifies the updates it reads.
 * These codecs cut the raw update out of a publish request and splice stored ones into responses.
 */

const WIRE_TYPE_LENGTH_DELIMITED = 2;

/** PublishIdentityUpdateRequest { IdentityUpdate identity_update = 1; } with the update kept raw. */
export const publishIdentityUpdateRequest: Codec<{ identityUpdate: Uint8Array | undefined }> = {
  decode(bytes) {
    const reader = protobuf.Reader.create(bytes);
    let identityUpdate: Uint8Array | undefined;
    while (reader.pos < reader.len) {
      const tag = reader.uint32();
      if (tag >>> 3 === 1 && (tag & 7) === WIRE_TYPE_LENGTH_DELIMITED) identityUpdate = reader.bytes();
      else reader.skipType(tag & 7);
    }
    return { identityUpdate };
  },
  encode({ identityUpdate }) {
    const writer = protobuf.Writer.create();
    if (identityUpdate) writer.uint32((1 << 3) | WIRE_TYPE_LENGTH_DELIMITED).bytes(identityUpdate);
    return writer.finish();
  },
};

/** One IdentityUpdateLog as stored: the update's bytes with the ids the node gave it. */
export interface IdentityUpdateLogEntry {
  sequenceId: bigint;
  serverTimestampNs: bigint;
  update: Uint8Array;
}

export interface InboxUpdates {
  inboxId: string;
  updates: IdentityUpdateLogEntry[];
}

/**
 * GetIdentityUpdatesResponse { repeated Response responses = 1; }
 * Response { string inbox_id = 1; repeated IdentityUpdateLog updates = 2; }
 * IdentityUpdateLog { uint64 sequence_id = 1; uint64 server_timestamp_ns = 2; IdentityUpdate update = 3; }
 */
export const getIdentityUpdatesResponse: Codec<{ responses: InboxUpdates[] }> = {
  decode() {
    throw new Error('the node only encodes GetIdentityUpdatesResponse');
  },
  encode({ responses }) {
    const writer = protobuf.Writer.create();
    for (const response of responses) {
      writer.uint32((1 << 3) | WIRE_TYPE_LENGTH_DELIMITED).fork();
      writer.uint32((1 << 3) | WIRE_TYPE_LENGTH_DELIMITED).string(response.inboxId);
      for (const entry of response.updates) {
        writer.uint32((2 << 3) | WIRE_TYPE_LENGTH_DELIMITED).fork();
        writer.uint32(1 << 3).uint64(toLong(entry.sequenceId));
        writer.uint32(2 << 3).uint64(toLong(entry.serverTimestampNs));
        writer.uint32((3 << 3) | WIRE_TYPE_LENGTH_DELIMITED).bytes(entry.update);
        writer.ldelim();
      }
      writer.ldelim();
    }
    return writer.finish();
  },
};
