import { Client, type ClientOptions, IdentifierKind, LogLevel, type Signer } from '@xmtp/node-sdk';
import { hexToBytes } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { mapWithParallelism } from './async.ts';

export type BenchClient = Client<unknown>;

export interface CreatedClient {
  client: BenchClient;
  /** Client.create for a new wallet: key generation, identity registration and key package upload. */
  createMs: number;
}

function newWalletSigner(): Signer {
  const account = privateKeyToAccount(generatePrivateKey());
  return {
    type: 'EOA',
    getIdentifier: () => ({ identifier: account.address.toLowerCase(), identifierKind: IdentifierKind.Ethereum }),
    signMessage: async (message) => hexToBytes(await account.signMessage({ message })),
  };
}

/** A real @xmtp/node-sdk client for a new wallet, with its database in memory and device sync off. */
export async function createClient(grpcUrl: string): Promise<CreatedClient> {
  const signer = newWalletSigner();
  // Typed first: the SDK's create() omits keys from a union, which rejects `env` in a literal.
  const options: ClientOptions = {
    env: 'local',
    apiUrl: grpcUrl,
    historySyncUrl: null,
    dbPath: null,
    disableDeviceSync: true,
    loggingLevel: LogLevel.Off,
  };
  const startedAt = performance.now();
  const client = await Client.create(signer, options);
  return { client, createMs: performance.now() - startedAt };
}

/**
 * Creates `count` clients, `parallelism` at a time: the SDK keeps retry loops and workers running
 * in the background, and the machine has 2 cores, so an unbounded burst would time itself out.
 */
export function createClients(grpcUrl: string, count: number, parallelism: number): Promise<CreatedClient[]> {
  return mapWithParallelism(Array.from({ length: count }), parallelism, () => createClient(grpcUrl));
}
