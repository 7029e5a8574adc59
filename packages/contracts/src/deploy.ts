import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { getAddress, isAddress, type Address, type Hash } from 'viem'
import type { TicketchatPublicClient, TicketchatWalletClient } from './clients.ts'
import { BaseError } from './errors/base.ts'
import { withContractErrors } from './errors/contract.ts'
import { eventRegistryAbi, eventRegistryBytecode, ticketKioskAbi, ticketKioskBytecode } from './generated/artifacts.ts'

/** Where the contracts live; a follower starts from `deployedAtBlock`. */
export type Deployment = {
  chainId: number
  registry: Address
  kiosk: Address
  deployedAtBlock: bigint
}

export class DeploymentFileError extends BaseError {
  override name = 'DeploymentFileError'
}

async function deployedAddress(publicClient: TicketchatPublicClient, hash: Hash, name: string) {
  const receipt = await publicClient.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success' || !receipt.contractAddress) {
    throw new BaseError(`Deploying ${name} failed in transaction ${hash}.`)
  }
  return { address: getAddress(receipt.contractAddress), blockNumber: receipt.blockNumber }
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
    })
    const registry = await deployedAddress(publicClient, registryHash, 'EventRegistry')
    const kioskHash = await walletClient.deployContract({
      abi: ticketKioskAbi,
      bytecode: ticketKioskBytecode,
      args: [registry.address],
      account: walletClient.account,
      chain: walletClient.chain,
    })
    const kiosk = await deployedAddress(publicClient, kioskHash, 'TicketKiosk')
    return {
      chainId: await publicClient.getChainId(),
      registry: registry.address,
      kiosk: kiosk.address,
      deployedAtBlock: registry.blockNumber,
    }
  })
}

/** Records a deployment as JSON so other processes (the membership agent, the CLI) can find it. */
export async function writeDeployment(path: string, deployment: Deployment): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const json = { ...deployment, deployedAtBlock: deployment.deployedAtBlock.toString() }
  await writeFile(path, `${JSON.stringify(json, null, 2)}\n`)
}

/** Reads a file written by `writeDeployment`, refusing one that is incomplete or malformed. */
export async function readDeployment(path: string): Promise<Deployment> {
  let parsed: unknown
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'))
  } catch (cause) {
    throw new DeploymentFileError(`Cannot read the deployment file ${path}.`, { cause })
  }
  const record = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>
  const { chainId, registry, kiosk, deployedAtBlock } = record
  const problem =
    !Number.isSafeInteger(chainId) ? 'chainId must be an integer'
    : typeof registry !== 'string' || !isAddress(registry) ? 'registry must be an address'
    : typeof kiosk !== 'string' || !isAddress(kiosk) ? 'kiosk must be an address'
    : typeof deployedAtBlock !== 'string' || !/^\d+$/.test(deployedAtBlock) ? 'deployedAtBlock must be a decimal string'
    : undefined
  if (problem) throw new DeploymentFileError(`The deployment file ${path} is invalid: ${problem}.`)
  return { chainId: chainId as number, registry: getAddress(registry as string), kiosk: getAddress(kiosk as string), deployedAtBlock: BigInt(deployedAtBlock as string) }
}
