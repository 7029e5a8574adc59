/*
 * Commit-log entries (XIP-68) from a hostile raw client: an entry filed under another group's
 * topic, one that is not a PlaintextCommitLogEntry, or one whose signature does not verify is
 * refused with INVALID_ARGUMENT and never stored; a well-formed, signed entry is kept.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import Long from 'long';
import { startXmtpNode, type RunningXmtpNode } from '../src/index.ts';
import { commitLog, mlsApi } from '../src/protocol/codecs.ts';
import { grpcFrame, rawGrpcCall } from './fixtures/grpcCall.ts';
import { rawPublicKey } from './fixtures/keyPackages.ts';

const PUBLISH = '/xmtp.mls.api.v1.MlsApi/BatchPublishCommitLog';
const Status = { OK: 0, INVALID_ARGUMENT: 3 } as const;

const groupId = new Uint8Array(16).fill(0x61);
const otherGroupId = new Uint8Array(16).fill(0x62);
const keys = generateKeyPairSync('ed25519');

function entryAbout(group: Uint8Array): Uint8Array {
  return commitLog.PlaintextCommitLogEntry.encode({
    groupId: group,
    commitSequenceId: Long.fromNumber(7, true),
    lastEpochAuthenticator: new Uint8Array(32).fill(1),
    commitResult: commitLog.CommitResult.COMMIT_RESULT_APPLIED,
    appliedEpochNumber: Long.fromNumber(2, true),
    appliedEpochAuthenticator: new Uint8Array(32).fill(2),
  }).finish();
}

function publish(entry: Uint8Array, signature = sign(null, entry, keys.privateKey)): Buffer {
  return grpcFrame(
    mlsApi.BatchPublishCommitLogRequest.encode({
      requests: [{ groupId, serializedCommitLogEntry: entry, signature: { bytes: signature, publicKey: rawPublicKey(keys.publicKey) } }],
    }).finish(),
  );
}

describe('hostile commit-log entries', () => {
  let node: RunningXmtpNode;
  before(async () => {
    node = await startXmtpNode({ grpcPort: 0, webPort: 0, historyPort: null });
  });
  after(() => node.stop());

  test('are refused and nothing is stored; a signed entry about its own group is kept', async () => {
    const cases: [string, Buffer, RegExp][] = [
      ["another group's entry", publish(entryAbout(otherGroupId)), /about another group/],
      ['junk bytes', publish(Buffer.from([0xff, 0xff, 0xff])), /not a PlaintextCommitLogEntry/],
      ['a forged signature', publish(entryAbout(groupId), Buffer.alloc(64, 9)), /signature does not verify/],
    ];
    for (const [what, body, reason] of cases) {
      const result = await rawGrpcCall(node.grpcUrl, PUBLISH, body);
      assert.equal(result.status, Status.INVALID_ARGUMENT, `${what}: ${result.message}`);
      assert.match(result.message, reason, what);
    }
    const page = { direction: 'ascending', limit: 100, cursor: 0n } as const;
    assert.equal((await node.store.queryCommitLog(groupId, page)).length, 0);

    const kept = await rawGrpcCall(node.grpcUrl, PUBLISH, publish(entryAbout(groupId)));
    assert.equal(kept.status, Status.OK, kept.message);
    assert.equal((await node.store.queryCommitLog(groupId, page)).length, 1);
  });
});
