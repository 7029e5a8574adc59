import { defineChain, type Chain } from 'viem';

/** A viem chain for any EVM JSON-RPC endpoint: the CLI knows chains by id and URL, not by name. */
export function chainAt(id: number, rpcUrl: string): Chain {
  return defineChain({
    id,
    name: `chain ${id}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
}
