import { getEvent, type EventDetails, type TicketchatClients, type TicketchatPublicClient } from '@ticketchat/contracts';
import {
  ClientPool,
  discoverEventRoom,
  FileKeyStore,
  nodeRuntime,
  type EventRoom,
  type NodeXmtpClient,
  type XmtpClient,
} from '@ticketchat/chat/node';

/** The Node SDK's client as the chat library's runtime hands it out. */
export type ChatClient = NodeXmtpClient & XmtpClient;
import { gatewayMetadataStore, type MetadataStore } from '@ticketchat/metadata';
import { createPublicClient, createWalletClient, http, type Chain, type PrivateKeyAccount } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { chainAt } from './chainDefinition.ts';
import type { Settings } from './options.ts';
import type { Output } from './output.ts';

/**
 * What a command works with, built on first use from the resolved settings: a command that only
 * reads the chain never needs an account, an XMTP client or IPFS.
 */
export class CommandContext {
  private cachedPublicClient: TicketchatPublicClient | undefined;
  private cachedChain: Chain | undefined;
  private cachedPool: ClientPool<ChatClient> | undefined;

  constructor(
    readonly settings: Settings,
    readonly output: Output,
  ) {}

  async chain(): Promise<Chain> {
    if (!this.cachedChain) {
      const { rpcUrl, chainId } = this.settings.chain();
      const id = chainId ?? (await createPublicClient({ transport: http(rpcUrl) }).getChainId());
      this.cachedChain = chainAt(id, rpcUrl);
    }
    return this.cachedChain;
  }

  async publicClient(): Promise<TicketchatPublicClient> {
    if (!this.cachedPublicClient) {
      const chain = await this.chain();
      // Short polling: viem's default 4 s would make each receipt wait that long on a local chain.
      this.cachedPublicClient = createPublicClient({ chain, transport: http(this.settings.chain().rpcUrl), pollingInterval: 100 });
    }
    return this.cachedPublicClient;
  }

  account(): PrivateKeyAccount {
    return privateKeyToAccount(this.settings.privateKey());
  }

  async chainClients(): Promise<TicketchatClients> {
    const chain = await this.chain();
    return {
      publicClient: await this.publicClient(),
      walletClient: createWalletClient({ chain, transport: http(this.settings.chain().rpcUrl), account: this.account() }),
    };
  }

  metadataStore(): MetadataStore {
    return gatewayMetadataStore(this.settings.ipfsGateway());
  }

  async event(eventId: bigint): Promise<EventDetails> {
    return getEvent(await this.publicClient(), { registry: this.settings.chain().registry, eventId });
  }

  /** The signing account's XMTP client; its database lives under the data directory and is reused. */
  async xmtpClient(): Promise<ChatClient> {
    if (!this.cachedPool) {
      const { env, apiUrl, historySyncUrl } = this.settings.xmtp();
      this.cachedPool = new ClientPool({
        runtime: nodeRuntime,
        env,
        ...(apiUrl ? { apiUrl } : {}),
        historySyncUrl: historySyncUrl ?? null,
        directory: this.settings.clientsDirectory,
        keyStore: new FileKeyStore(),
      });
    }
    this.output.progress('opening your XMTP client');
    return this.cachedPool.get({ account: this.account() });
  }

  /** The event's verified room, as the signing account sees it. */
  async openRoom(eventId: bigint): Promise<EventRoom<ChatClient>> {
    const client = await this.xmtpClient();
    this.output.progress(`opening event ${eventId}'s chat`);
    const { registry } = this.settings.chain();
    return discoverEventRoom({
      runtime: nodeRuntime,
      client,
      publicClient: await this.publicClient(),
      chainId: (await this.chain()).id,
      registry,
      eventId,
      metadataStore: this.metadataStore(),
    });
  }
}
