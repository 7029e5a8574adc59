/**
 * The real @xmtp/browser-sdk in headless Debian Chromium, on the node's gRPC-web port, chats with a
 * real @xmtp/node-sdk client on the gRPC port. Latencies are reported as diagnostics, not asserted.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { collectPageErrors, launchChromium, pageCaller } from '@ticketchat/browser-testing';
import type { DecodedMessage } from '@xmtp/node-sdk';
import { startXmtpNode } from '../../src/index.ts';
import { createTestClient, createTestWallet, eventually } from '../fixtures/clients.ts';
import type { BrowserChatApi } from './pageApi.ts';
import { buildTestPage, serveTestPage } from './testPage.ts';

const DELIVERY_TIMEOUT_MS = 20_000;

const now = () => performance.timeOrigin + performance.now();
const round = (ms: number) => Math.round(ms);

/** Runs the registered clean-ups last-in first-out, so each part stops before what it depends on. */
function cleanupStack(t: { after(fn: () => Promise<void>): void }) {
  const steps: (() => Promise<void> | void)[] = [];
  t.after(async () => {
    for (const step of steps.reverse()) await step();
  });
  return (step: () => Promise<void> | void) => steps.push(step);
}

test('@xmtp/browser-sdk in Chromium chats with @xmtp/node-sdk through the node', { timeout: 90_000 }, async (t) => {
  const defer = cleanupStack(t);
  const scratch = mkdtempSync(join(tmpdir(), 'xmtp-browser-test-'));
  defer(() => rmSync(scratch, { recursive: true, force: true }));

  // In the scratch folder: the default history directory of an in-memory node outlives stop().
  const node = await startXmtpNode({ grpcPort: 0, webPort: 0, historyPort: 0, historyDirectory: join(scratch, 'history') });
  defer(() => node.stop());
  assert.notEqual(node.webUrl, node.grpcUrl, 'the browser must reach the node only through its own gRPC-web port');

  const pageDir = join(scratch, 'page');
  await buildTestPage(pageDir);
  const served = await serveTestPage(pageDir);
  defer(() => served.close());

  const browser = await launchChromium();
  defer(() => browser.close());
  const context = await browser.newContext();
  const page = await context.newPage();
  const pageErrors = collectPageErrors(page);
  const callPage = pageCaller<BrowserChatApi>(page, 'browserChat');
  // Requests from the SDK's worker count too: they are what must reach the gRPC-web port.
  const nodeCalls = new Set<string>();
  context.on('request', (request) => {
    if (request.url().startsWith(`${node.webUrl}/`)) nodeCalls.add(`${request.method()} ${new URL(request.url()).pathname}`);
  });
  await page.goto(`${served.url}?apiUrl=${encodeURIComponent(node.webUrl)}`);
  await page.waitForFunction(() => 'browserChat' in globalThis);

  const registered = await callPage('register');
  t.diagnostic(`browser Client.create: ${round(registered.createMs)} ms`);
  assert.match(registered.inboxId, /^[0-9a-f]{64}$/);
  assert.ok(nodeCalls.has('POST /xmtp.identity.api.v1.IdentityApi/PublishIdentityUpdate'), [...nodeCalls].join('\n'));
  assert.ok(nodeCalls.has('POST /xmtp.mls.api.v1.MlsApi/UploadKeyPackage'), [...nodeCalls].join('\n'));

  const alice = await createTestClient(node, createTestWallet());
  const group = await alice.conversations.createGroup([registered.inboxId]);
  await group.sendText('hello browser');

  assert.ok((await callPage('syncGroups')).includes(group.id), 'the browser finds the group after a sync');
  assert.deepEqual(await callPage('readTexts', group.id), ['hello browser']);

  await callPage('startStream');
  const liveTexts = ['live 1', 'live 2', 'live 3'];
  const liveLatencies: number[] = [];
  for (const text of liveTexts) {
    const sentAt = now();
    await group.sendText(text);
    const arrived = await callPage('waitForStreamed', text, DELIVERY_TIMEOUT_MS);
    assert.equal(arrived.conversationId, group.id);
    liveLatencies.push(arrived.receivedAt - sentAt);
  }
  t.diagnostic(`node-sdk sendText -> browser stream: ${liveLatencies.map(round).join(', ')} ms`);

  const atAlice: { text: string; receivedAt: number }[] = [];
  const aliceStream = await alice.conversations.streamAllMessages({
    onValue: (message: DecodedMessage) => {
      if (typeof message.content === 'string') atAlice.push({ text: message.content, receivedAt: now() });
    },
  });
  defer(() => aliceStream.end().then(() => undefined));
  const replyTexts = ['reply 1', 'reply 2'];
  const replyLatencies: number[] = [];
  for (const text of replyTexts) {
    const sent = await callPage('sendText', group.id, text);
    const arrived = await eventually(`alice to stream "${text}"`, () => atAlice.find((entry) => entry.text === text), DELIVERY_TIMEOUT_MS);
    replyLatencies.push(arrived.receivedAt - sent.startedAt);
    t.diagnostic(`browser sendText "${text}" took ${round(sent.sendMs)} ms`);
  }
  t.diagnostic(`browser sendText -> node-sdk stream: ${replyLatencies.map(round).join(', ')} ms`);

  await group.sync();
  const history = (await group.messages()).flatMap((message) => (typeof message.content === 'string' ? [message.content] : []));
  assert.deepEqual(history, ['hello browser', ...liveTexts, ...replyTexts]);
  assert.deepEqual(await callPage('readTexts', group.id), history, 'both sides hold the same history');
  assert.deepEqual(pageErrors, []);
  t.diagnostic(`gRPC-web calls the browser made: ${[...nodeCalls].sort().join(', ')}`);

  // A browser that goes away without ending its streams must not leave subscriptions on the node.
  await aliceStream.end();
  await browser.close();
  await eventually('the node to drop every subscription', async () => ((await liveSubscriptions(node.webUrl)) === 0 ? true : undefined));
});

async function liveSubscriptions(webUrl: string): Promise<number> {
  const health = (await (await fetch(`${webUrl}/health`)).json()) as { liveSubscriptions: number };
  return health.liveSubscriptions;
}
