import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { getAddress, isAddress } from 'viem';
import type { Deployment } from './deploy.ts';
import { BaseError, sentenceOf } from '@ticketchat/errors';

export class DeploymentFileError extends BaseError {
  override name = 'DeploymentFileError' as const;
}

export type DeploymentFileErrorType = DeploymentFileError & { name: 'DeploymentFileError' };

/** Records a deployment as JSON so other processes (the membership agent, the CLI) can find it. */
export async function writeDeployment(path: string, deployment: Deployment): Promise<void> {
  const json = { ...deployment, deployedAtBlock: deployment.deployedAtBlock.toString() };
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, `${JSON.stringify(json, null, 2)}\n`);
  } catch (cause) {
    throw new DeploymentFileError(`Cannot write the deployment file ${path}: ${sentenceOf(cause)}`, { cause });
  }
}

/** Reads a file written by `writeDeployment`, refusing one that is incomplete or malformed. */
export async function readDeployment(path: string): Promise<Deployment> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (cause) {
    throw new DeploymentFileError(`Cannot read the deployment file ${path}.`, { cause });
  }
  const record = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const { chainId, registry, kiosk, deployedAtBlock } = record;
  const problem = !Number.isSafeInteger(chainId)
    ? 'chainId must be an integer'
    : typeof registry !== 'string' || !isAddress(registry)
      ? 'registry must be an address'
      : typeof kiosk !== 'string' || !isAddress(kiosk)
        ? 'kiosk must be an address'
        : typeof deployedAtBlock !== 'string' || !/^\d+$/.test(deployedAtBlock)
          ? 'deployedAtBlock must be a decimal string'
          : undefined;
  if (problem) throw new DeploymentFileError(`The deployment file ${path} is invalid: ${problem}.`);
  return {
    chainId: chainId as number,
    registry: getAddress(registry as string),
    kiosk: getAddress(kiosk as string),
    deployedAtBlock: BigInt(deployedAtBlock as string),
  };
}
