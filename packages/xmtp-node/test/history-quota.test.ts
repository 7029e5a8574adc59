/*
 * The history-sync service stores anyone's uploads: they are kept within a quota, expire, and are
 * readable by the node's own user only.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startXmtpNode, type RunningXmtpNode } from '../src/index.ts';
import { eventually } from './fixtures/clients.ts';
import { health, realClientsStillChat } from './fixtures/hostile.ts';

const QUOTA_BYTES = 3000;
const EXPIRY_MS = 400;

const upload = (node: RunningXmtpNode, bytes: number) =>
  fetch(`${node.historySyncUrl}/upload`, { method: 'POST', body: new Uint8Array(bytes).fill(1) });

describe('history uploads', () => {
  let node: RunningXmtpNode;
  let directory: string;
  let scratch: string;
  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'xmtp-node-history-test-'));
    directory = join(scratch, 'history');
    node = await startXmtpNode({
      grpcPort: 0,
      webPort: 0,
      historyPort: 0,
      historyDirectory: directory,
      limits: { historyQuotaBytes: QUOTA_BYTES, historyExpiryMs: EXPIRY_MS },
    });
  });
  after(async () => {
    await node.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  test('archives are files only the node’s user can read, in a directory only it can list', async () => {
    const response = await upload(node, 100);
    assert.equal(response.status, 200);
    const id = await response.text();
    assert.equal(statSync(join(directory, id)).mode & 0o777, 0o600);
    assert.equal(statSync(directory).mode & 0o777, 0o700);
  });

  test('past the quota an upload is refused with 507; once archives expire there is room again', async () => {
    const first = await upload(node, 2000);
    assert.equal(first.status, 200);
    const id = await first.text();
    const refused = await upload(node, 2000);
    assert.equal(refused.status, 507);
    assert.match(await refused.text(), /history store is full/);
    assert.equal((await health(node.grpcUrl)).status, 'ok');

    const expired = await eventually('the archive expires', async () => {
      const response = await fetch(`${node.historySyncUrl}/files/${id}`);
      await response.arrayBuffer();
      return response.status === 404;
    });
    assert.ok(expired);
    const later = await eventually('room again', async () => {
      const response = await upload(node, 2000);
      return response.status === 200 ? response.text() : undefined;
    });
    const stored = await fetch(`${node.historySyncUrl}/files/${later}`);
    assert.equal((await stored.arrayBuffer()).byteLength, 2000);
    await eventually('expired archives are removed from disk', () => !readdirSync(directory).includes(id));
  });

  test('afterwards real clients still chat', { timeout: 60_000 }, async () => {
    await realClientsStillChat(node);
  });
});
