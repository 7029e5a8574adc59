/*
 * `--demo` seeds an upcoming event with the demo buyers as ticket holders in its chat and a short
 * conversation, once per data directory: a restart with --demo finds it and seeds nothing more.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { devAccount } from '../src/stack/devAccounts.ts';
import { cleanUp, cliJson, scratchDataDir, startDevStack } from './fixtures/cli.ts';

after(cleanUp);

test('--demo seeds one event with ticket holders and messages, once', { timeout: 180_000 }, async () => {
  const dataDir = scratchDataDir();
  const buyer = devAccount(3);
  const first = await startDevStack(dataDir, ['--demo']);
  const events = await cliJson<{ eventId: string; ticketsSold: string }[]>(['event', 'list', '--data-dir', dataDir]);
  assert.deepEqual(
    events.map((event) => [event.eventId, event.ticketsSold]),
    [['1', '3']],
  );
  const history = await cliJson<{ member: boolean; messages: { text?: string }[] }>(['chat', 'history', '1', '--data-dir', dataDir], {
    privateKey: buyer.privateKey,
  });
  assert.equal(history.member, true);
  assert.equal(history.messages.length, 4);
  assert.equal(await first.stop(), 0);

  const second = await startDevStack(dataDir, ['--demo']);
  assert.equal((await cliJson<unknown[]>(['event', 'list', '--data-dir', dataDir])).length, 1, 'not seeded twice');
  assert.equal(await second.stop(), 0);
});
