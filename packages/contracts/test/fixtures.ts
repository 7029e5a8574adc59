// A local chain for one test file: anvil on a free port, the contracts deployed, a client per account,
// and helpers to create events relative to the chain's clock (which tests move forward).
import assert from 'node:assert/strict';
import { createTestClient, http, type Address, type HDAccount } from 'viem';
import {
  ContractRevertError,
  createEvent,
  startLocalChain,
  type AnvilInstance,
  type ContractErrorName,
  type CreateEventParameters,
  type Deployment,
  type TicketchatClients,
  type TransactionResult,
} from '../src/node.ts';

export type TestChain = {
  anvil: AnvilInstance;
  deployment: Deployment;
  publicClient: TicketchatClients['publicClient'];
  testClient: ReturnType<typeof createTestClient>;
  /** Clients that sign as anvil account `index`. */
  as: (index: number) => TicketchatClients;
  account: (index: number) => HDAccount;
  /** The timestamp of the latest block. */
  now: () => Promise<bigint>;
  /** Moves the chain clock forward and mines a block at the new time. */
  advanceTo: (timestamp: bigint) => Promise<void>;
  /** Creates an event as account `creatorIndex`, with times relative to the chain clock. */
  newEvent: (overrides?: Partial<EventSpec> & { creatorIndex?: number }) => Promise<bigint>;
  stop: () => Promise<void>;
};

type EventSpec = Omit<CreateEventParameters, 'registry' | 'startsAt' | 'endsAt'> & { startsIn: bigint; lastsFor: bigint };

export const defaultEvent: EventSpec = {
  startsIn: 3_600n,
  lastsFor: 7_200n,
  ticketPrice: 10_000_000_000_000_000n,
  capacity: 3,
  metadataURI: 'ipfs://bagaaierasords4njcts6vs7qvdjfcvgnume4hqohf65zsfguprqphs3icwea',
  chatGroupId: '6a1f09c2d36e4b1e9d2c8b7a5f4e3d21',
};

export async function startTestChain(): Promise<TestChain> {
  const { anvil, deployment, publicClient, account, clients: as } = await startLocalChain();
  const testClient = createTestClient({ chain: anvil.chain, transport: http(anvil.rpcUrl), mode: 'anvil' });
  const now = async () => (await publicClient.getBlock()).timestamp;
  const advanceTo = async (timestamp: bigint) => {
    await testClient.setNextBlockTimestamp({ timestamp });
    await testClient.mine({ blocks: 1 });
  };
  const newEvent: TestChain['newEvent'] = async ({ creatorIndex = 1, ...overrides } = {}) => {
    const { startsIn, lastsFor, ...spec } = { ...defaultEvent, ...overrides };
    const startsAt = (await now()) + startsIn;
    const { eventId } = await createEvent(as(creatorIndex), {
      registry: deployment.registry,
      startsAt,
      endsAt: startsAt + lastsFor,
      ...spec,
    });
    return eventId;
  };
  return { anvil, deployment, publicClient, testClient, as, account, now, advanceTo, newEvent, stop: anvil.stop };
}

/** Asserts that `promise` fails with our decoded custom error `errorName`, and that its sentence matches. */
export async function rejectsWith(promise: Promise<unknown>, errorName: ContractErrorName, message: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ContractRevertError, `expected a ContractRevertError, got ${String(error)}`);
    assert.equal(error.errorName, errorName);
    assert.match(error.shortMessage, message);
    return true;
  });
}

/** What `address` gained from a transaction it sent itself, gas added back. */
export async function netReceived(chain: TestChain, address: Address, send: () => Promise<TransactionResult>): Promise<bigint> {
  const before = await chain.publicClient.getBalance({ address });
  const { receipt } = await send();
  const after = await chain.publicClient.getBalance({ address });
  return after - before + receipt.gasUsed * receipt.effectiveGasPrice;
}
