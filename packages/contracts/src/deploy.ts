import { getAddress, type Address, type Hash } from 'viem';
import type { TicketchatPublicClient, TicketchatWalletClient } from './clients.ts';
import { BaseError } from '@ticketchat/errors';
import { withContractErrors, type ContractWriteErrorType } from './errors/contract.ts';
import { eventRegistryAbi, eventRegistryBytecode, ticketKioskAbi, ticketKioskBytecode } from './generated/artifacts.ts';

/** Where the contracts live; a follower starts from `deployedAtBlock`. */
export type Deployment = {
  chainId: number;
  registry: Address;
  kiosk: Address;
  deployedAtBlock: bigint;
};

/** A deployment transaction reverted or created no contract. */
export class DeploymentError extends BaseError {
  override name = 'DeploymentError' as const;
}

export type DeploymentErrorType = DeploymentError & { name: 'DeploymentError' };
export type DeployTicketchatErrorType = DeploymentErrorType | ContractWriteErrorType;

async function deployedAddress(publicClient: TicketchatPublicClient, hash: Hash, name: string) {
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success' || !receipt.contractAddress) {
    throw new DeploymentError(`Deploying ${name} failed in transaction ${hash}.`);
  }
  return { address: getAddress(receipt.contractAddress), blockNumber: receipt.blockNumber };
}

/**
 * Deploys the registry, then the kiosk that sells its tickets.
 *
 * @example
 * const deployment = await deployTicketchat(walletClient, publicClient)
 * await writeDeployment('.ticketchat/deployment.json', deployment)
 */
export async function deployTicketchat(walletClient: TicketchatWalletClient, publicClient: TicketchatPublicClient): Promise<Deployment> {
  return withContractErrors('deployTicketchat', async () => {
    const registryHash = await walletClient.deployContract({
      abi: eventRegistryAbi,
      bytecode: eventRegistryBytecode,
      account: walletClient.account,
      chain: walletClient.chain,
    });
    const registry = await deployedAddress(publicClient, registryHash, 'EventRegistry');
    const kioskHash = await walletClient.deployContract({
      abi: ticketKioskAbi,
      bytecode: ticketKioskBytecode,
      args: [registry.address],
      account: walletClient.account,
      chain: walletClient.chain,
    });
    const kiosk = await deployedAddress(publicClient, kioskHash, 'TicketKiosk');
    return {
      chainId: await publicClient.getChainId(),
      registry: registry.address,
      kiosk: kiosk.address,
      deployedAtBlock: registry.blockNumber,
    };
  });
}
