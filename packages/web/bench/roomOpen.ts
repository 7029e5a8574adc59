/*
 * How fast the room page gets to its first live message, in headless Debian Chromium against the
 * real stack (anvil, our XMTP node, the IPFS gateway, the built app), and how much the app weighs.
 *
 * - cold: a new browser profile and a new wallet that holds a ticket (its first visit): the app and
 *   the SDK's wasm are downloaded and compiled, the XMTP client is created and registered, the
 *   agent adds the new inbox (the room looks for its invite every second), the group is verified and
 *   the room opens; then the host sends a message.
 * - warm: the same profile opens the room again: cached app, existing database and membership.
 *
 * Each round is timed from `page.goto(room)` to the host's message on screen, and split at the
 * moment the room says its connection is live. `npm run bench -w @ticketchat/web -- --rounds 3 --json`
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '@ticketchat/browser-testing';
import { mintEventWithChat, nodeRuntime } from '@ticketchat/chat/node';
import { buyTicket } from '@ticketchat/contracts';
import type { Group } from '@xmtp/node-sdk';
import type { Page } from 'playwright-core';
import { createWalletClient, http } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { connectDemo } from '../test/browser/appPage.ts';
import { ACCOUNTS, startWebStack } from '../test/fixtures/webStack.ts';

const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, json: { type: 'boolean', default: false } } });
const rounds = Number(args.rounds);
const TIMEOUT_MS = 60_000;

const visitors = Array.from({ length: rounds }, (_, index) => ({ name: `Bench ${index + 1}`, privateKey: generatePrivateKey() }));
const stack = await startWebStack({ extraDemoAccounts: visitors });
const browser = await launchChromium();
try {
  const host = await stack.xmtp(ACCOUNTS.host);
  const now = (await stack.chain.publicClient.getBlock()).timestamp;
  const event = await mintEventWithChat({
    runtime: nodeRuntime,
    creator: host,
    chain: {
      ...stack.chain.clients(ACCOUNTS.host),
      chainId: stack.config.chainId,
      registry: stack.config.registry,
      kiosk: stack.config.kiosk,
    },
    metadataStore: stack.metadataStore,
    event: {
      title: 'Bench set',
      description: 'Timing the room',
      category: 'bench',
      image: 'https://ticketchat.example/event.png',
      startsAt: now + 3_600n,
      endsAt: now + 7_200n,
      ticketPrice: 0n,
      capacity: 1_000,
    },
    agentInboxIds: [stack.file.agent!.inboxId],
  });
  const hostGroup = event.group as unknown as Group<unknown>;
  const roomUrl = `${stack.web.url}#/events/${event.eventId}`;

  /** Opens the room and times it to a live connection, then to the host's message on screen. */
  const timeRoom = async (page: Page, visitor: string) => {
    const started = performance.now();
    await page.goto(roomUrl);
    await connectDemo(page, visitor);
    await page.getByText('Connection: live', { exact: true }).waitFor({ timeout: TIMEOUT_MS });
    const live = performance.now();
    const text = `ping ${visitor} ${Math.round(live)}`;
    // The host's client learns of the new member's epoch first, as its open room would have.
    await hostGroup.sync();
    await hostGroup.sendText(text);
    await page.locator('li.message', { hasText: text }).waitFor({ timeout: TIMEOUT_MS });
    const shown = performance.now();
    return { toLiveMs: live - started, toMessageMs: shown - live, totalMs: shown - started };
  };

  const cold: Awaited<ReturnType<typeof timeRoom>>[] = [];
  const warm: Awaited<ReturnType<typeof timeRoom>>[] = [];
  for (const visitor of visitors) {
    const account = privateKeyToAccount(visitor.privateKey);
    const walletClient = createWalletClient({ account, chain: stack.chain.viemChain, transport: http(stack.file.chain.rpcUrl) });
    await buyTicket(
      { publicClient: stack.chain.publicClient, walletClient },
      { kiosk: stack.config.kiosk, eventId: event.eventId, price: 0n },
    );
    const context = await browser.newContext();
    const page = await context.newPage();
    // The stack's membership agent adds the inbox once the browser has registered it (its pending
    // look-ups, or the room's join request, whichever comes first).
    cold.push(await timeRoom(page, visitor.name));
    await page.close();
    warm.push(await timeRoom(await context.newPage(), visitor.name));
    await context.close();
  }

  const size = await downloadSize(stack.webDir);
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const summary = (runs: typeof cold) => ({
    toLiveMs: Math.round(median(runs.map((r) => r.toLiveMs))),
    toMessageMs: Math.round(median(runs.map((r) => r.toMessageMs))),
    totalMs: Math.round(median(runs.map((r) => r.totalMs))),
    runsTotalMs: runs.map((r) => Math.round(r.totalMs)),
  });
  const result = { rounds, cold: summary(cold), warm: summary(warm), download: size };
  if (args.json) console.log(JSON.stringify(result, null, 2));
  else {
    console.log(`room page → first live message, median of ${rounds} (headless Chromium, real stack on loopback)`);
    for (const [name, s] of [
      ['cold', result.cold],
      ['warm', result.warm],
    ] as const) {
      console.log(
        `  ${name}: ${s.totalMs} ms (room live ${s.toLiveMs} ms + message ${s.toMessageMs} ms); runs ${s.runsTotalMs.join(', ')} ms`,
      );
    }
    console.log(
      `download (gzip): ${kb(size.totalGzipBytes)} total, of which wasm ${kb(size.wasmGzipBytes)}, JS ${kb(size.jsGzipBytes)}, CSS+HTML ${kb(size.otherGzipBytes)}`,
    );
    console.log(`download (raw):  ${kb(size.totalRawBytes)} total, of which wasm ${kb(size.wasmRawBytes)}`);
  }
} finally {
  await browser.close();
  await stack.stop();
}

/** Every file the page loads, as a server compressing with gzip (level 6) would send it. */
async function downloadSize(dir: string) {
  const size = { totalRawBytes: 0, totalGzipBytes: 0, wasmRawBytes: 0, wasmGzipBytes: 0, jsGzipBytes: 0, otherGzipBytes: 0 };
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const bytes = await readFile(join(entry.parentPath, entry.name));
    const gzipped = gzipSync(bytes, { level: 6 }).length;
    size.totalRawBytes += bytes.length;
    size.totalGzipBytes += gzipped;
    if (entry.name.endsWith('.wasm')) {
      size.wasmRawBytes += bytes.length;
      size.wasmGzipBytes += gzipped;
    } else if (entry.name.endsWith('.js')) size.jsGzipBytes += gzipped;
    else size.otherGzipBytes += gzipped;
  }
  return size;
}

function kb(bytes: number): string {
  return bytes > 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}
