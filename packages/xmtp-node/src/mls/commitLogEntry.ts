import { commitLog } from '../protocol/codecs.ts';
import { verifyEd25519 } from './signatures.ts';
import { GROUP_ID_LENGTH } from './sizes.ts';
import { MlsValidationError } from '../errors.ts';

export interface CommitLogSignature {
  bytes: Uint8Array;
  publicKey: Uint8Array;
}

/**
 * A commit-log entry (XIP-68) as libxmtp publishes it: a PlaintextCommitLogEntry about the very
 * group the request files it under (its topic), Ed25519-signed over its serialized bytes by the
 * key the signature names. Clients skip entries failing either check; they also require that key
 * to be the group's consensus key, which only members know, so that is left to them.
 */
export function checkCommitLogEntry(groupId: Uint8Array, serializedEntry: Uint8Array, signature: CommitLogSignature): void {
  if (groupId.length !== GROUP_ID_LENGTH) throw new MlsValidationError(`group_id is ${groupId.length} bytes, expected ${GROUP_ID_LENGTH}`);
  let entry: ReturnType<typeof commitLog.PlaintextCommitLogEntry.decode>;
  try {
    entry = commitLog.PlaintextCommitLogEntry.decode(serializedEntry);
  } catch (cause) {
    throw new MlsValidationError(`serialized_commit_log_entry is not a PlaintextCommitLogEntry: ${(cause as Error).message}`);
  }
  if (!Buffer.from(entry.groupId).equals(groupId)) throw new MlsValidationError('the entry is about another group than group_id');
  if (!verifyEd25519(signature.publicKey, serializedEntry, signature.bytes)) {
    throw new MlsValidationError('signature does not verify over serialized_commit_log_entry with its public_key');
  }
}
