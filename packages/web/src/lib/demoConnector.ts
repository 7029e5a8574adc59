import { createConnector } from 'wagmi';
import { createWalletClient, defineChain, getAddress, http, numberToHex, type Chain, type EIP1193RequestFn, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import type { DemoAccount } from '../config.ts';

/**
 * Development only: a wallet for one of the local stack's funded demo accounts. The key signs in
 * the page (viem local account); everything else goes to the chain's RPC. It answers the few
 * wallet methods wagmi and the XMTP signer use, as an injected wallet would, without prompts.
 */
export function demoAccountConnector(demo: DemoAccount, index: number, chain: Chain) {
  const account = privateKeyToAccount(demo.privateKey);
  const transport = http(chain.rpcUrls.default.http[0]);
  const walletClient = createWalletClient({ account, chain, transport });
  const request = (async ({ method, params }: { method: string; params?: unknown }) => {
    const args = (params ?? []) as unknown[];
    switch (method) {
      case 'eth_chainId':
        return numberToHex(chain.id);
      case 'eth_accounts':
      case 'eth_requestAccounts':
        return [account.address];
      case 'personal_sign':
        return account.signMessage({ message: { raw: args[0] as Hex } });
      case 'eth_signTypedData_v4':
        return account.signTypedData(JSON.parse(args[1] as string));
      case 'eth_sendTransaction': {
        const tx = args[0] as { to?: Hex; data?: Hex; value?: Hex; gas?: Hex };
        return walletClient.sendTransaction({
          to: tx.to ?? null,
          ...(tx.data ? { data: tx.data } : {}),
          ...(tx.value ? { value: BigInt(tx.value) } : {}),
          ...(tx.gas ? { gas: BigInt(tx.gas) } : {}),
        });
      }
      case 'wallet_switchEthereumChain':
        return null;
      default:
        return walletClient.request({ method, params } as never);
    }
  }) as EIP1193RequestFn;
  const provider = { request, on: () => undefined, removeListener: () => undefined };
  // Remembered across reloads, as an injected wallet remembers the sites it is connected to.
  const rememberKey = `ticketchat:demo-connected:${account.address}`;
  const remember = (on: boolean) => (on ? localStorage.setItem(rememberKey, '1') : localStorage.removeItem(rememberKey));
  let connected = false;

  return createConnector((config) => ({
    id: `demo-${index}`,
    name: `Demo: ${demo.name}`,
    type: 'demo',
    async setup() {},
    async connect({ withCapabilities } = {}) {
      connected = true;
      remember(true);
      const accounts = withCapabilities ? [{ address: account.address, capabilities: {} }] : [account.address];
      return { accounts, chainId: chain.id } as never;
    },
    async disconnect() {
      connected = false;
      remember(false);
    },
    async getAccounts() {
      return connected ? [getAddress(account.address)] : [];
    },
    async getChainId() {
      return chain.id;
    },
    async getProvider() {
      return provider;
    },
    async isAuthorized() {
      return localStorage.getItem(rememberKey) === '1';
    },
    async switchChain() {
      return chain;
    },
    onAccountsChanged() {},
    onChainChanged() {},
    onDisconnect() {
      config.emitter.emit('disconnect');
      connected = false;
      remember(false);
    },
  }));
}

export function localChain(chainId: number, rpcUrl: string): Chain {
  return defineChain({
    id: chainId,
    name: chainId === 31337 ? 'Local chain (anvil)' : `Chain ${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
}
