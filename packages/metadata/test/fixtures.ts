import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { base32upper } from 'multiformats/bases/base32';
import type { CID } from 'multiformats/cid';
import { startLocalChain, type AnvilInstance, type Deployment, type TicketchatClients } from '@ticketchat/contracts/node';
import {
  MetadataValidationError,
  openMetadataStore,
  validateEventMetadata,
  type EventMetadata,
  type OpenedMetadataStore,
} from '../src/node.ts';

export type TempStore = OpenedMetadataStore & { directory: string; remove: () => Promise<void> };

/** A Helia store in a fresh temporary directory. */
export async function openTempStore(): Promise<TempStore> {
  const directory = await mkdtemp(join(tmpdir(), 'ticketchat-ipfs-'));
  const store = await openMetadataStore({ directory });
  return {
    ...store,
    directory,
    remove: async () => {
      await store.stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** The file the filesystem block store keeps a block in (blockstore-fs names it after the multihash). */
export async function blockFilePath(store: TempStore, cid: CID): Promise<string> {
  const fileName = `${base32upper.encode(cid.multihash.bytes)}.data`;
  const entries = await readdir(join(store.directory, 'blocks'), { recursive: true });
  const found = entries.find((entry) => entry.endsWith(fileName));
  if (!found) throw new Error(`no block file for ${cid.toString()}`);
  return join(store.directory, 'blocks', found);
}

/** Addresses of a deployment for tests that validate documents without a chain (anvil's first two contract addresses). */
export const offChainDeployment = {
  chainId: 31337,
  registry: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  kiosk: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
} as const;

export function sampleMetadata(
  deployment: Pick<Deployment, 'chainId' | 'registry' | 'kiosk'>,
  overrides: Partial<EventMetadata> = {},
): EventMetadata {
  return {
    schemaVersion: 1,
    title: 'Rooftop set: live from Lisbon',
    description: 'Two hours of live electronic music, with the chat open to ticket holders.',
    category: 'music',
    startsAt: '2026-12-01T20:00:00Z',
    endsAt: '2026-12-01T22:00:00Z',
    image: 'https://images.example.org/rooftop.jpg',
    chat: { xmtpGroupId: '0a1b2c3d4e5f60718293a4b5c6d7e8f9' },
    chain: { chainId: deployment.chainId, registry: deployment.registry, kiosk: deployment.kiosk },
    ...overrides,
  };
}

export type TestChain = { anvil: AnvilInstance; deployment: Deployment; clients: TicketchatClients; stop: () => Promise<void> };

export async function startTestChain(): Promise<TestChain> {
  const { anvil, deployment, clients, stop } = await startLocalChain();
  return { anvil, deployment, clients: clients(1), stop };
}

/** Unix seconds of an ISO date-time. */
export function unixSeconds(isoDateTime: string): bigint {
  return BigInt(Math.floor(Date.parse(isoDateTime) / 1000));
}

/** The paths of every issue `document` is refused for, on `write` (the default) or `read`; fails if it is accepted. */
export function refusedFor(document: unknown, context: 'write' | 'read' = 'write'): string[] {
  try {
    validateEventMetadata(document, context);
  } catch (error) {
    assert.ok(error instanceof MetadataValidationError);
    return error.issues.map((issue) => issue.path);
  }
  assert.fail('the document was accepted');
}
