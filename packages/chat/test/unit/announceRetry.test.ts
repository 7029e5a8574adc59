/*
 * announceToEvent's retry and reporting against scripted section groups: a send that fails on
 * demand cannot be forced on the real SDK and node (../sections.test.ts sends for real).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AnnouncementError, announceToEvent, announcementCodec, type XmtpClient, type XmtpEncodedContent } from '../../src/index.ts';

/** A section group whose first `failures` sends throw; it records what was sent and how often it was synced. */
function scriptedSection(id: string, failures: number) {
  const sent: XmtpEncodedContent[] = [];
  let syncs = 0;
  return {
    id,
    sent,
    syncs: () => syncs,
    async send(content: XmtpEncodedContent) {
      if (failures-- > 0) throw new Error('epoch mismatch');
      sent.push(content);
      return `${id}-message-${sent.length}`;
    },
    async sync() {
      syncs++;
    },
  };
}

const client: XmtpClient = { inboxId: 'creator', installationId: 'one' };

test('every section is synced before each send; a failing one is retried, then reported, without holding up the others', async () => {
  const steady = scriptedSection('s0', 0);
  const flaky = scriptedSection('s1', 2);
  const broken = scriptedSection('s2', Number.POSITIVE_INFINITY);
  const runtime = {
    findGroups: async (_: XmtpClient, ids: readonly string[]) => [steady, flaky, broken].filter((group) => ids.includes(group.id)),
  };
  const result = await announceToEvent(runtime, client, {
    sections: ['s0', 's1', 's2', 's3'],
    text: 'Doors open',
    retry: { initialMs: 1, maxMs: 1 },
  });
  const [first, second, third, fourth] = result.sections;
  assert.deepEqual(first, { index: 0, groupId: 's0', status: 'sent', messageId: 's0-message-1', attempts: 1 });
  assert.deepEqual(second, { index: 1, groupId: 's1', status: 'sent', messageId: 's1-message-1', attempts: 3 });
  assert.equal(steady.syncs(), 1, 'synced before its send');
  assert.equal(flaky.syncs(), 3, 'synced before each try');
  assert.ok(third?.status === 'failed' && third.attempts === 3);
  assert.ok(third.error instanceof AnnouncementError);
  assert.equal(third.error.shortMessage, 'Could not announce in section 3: epoch mismatch');
  assert.deepEqual(fourth, { index: 3, groupId: 's3', status: 'not-member' });
  // Every section got the same announcement, with the id the result names.
  for (const group of [steady, flaky]) {
    assert.deepEqual(announcementCodec.decode(group.sent[0]!), { id: result.announcementId, text: 'Doors open' });
  }
});
