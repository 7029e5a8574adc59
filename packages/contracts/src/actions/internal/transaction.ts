import {
  isAddressEqual,
  parseEventLogs,
  type Abi,
  type Address,
  type ContractEventName,
  type Hash,
  type ParseEventLogsReturnType,
  type TransactionReceipt,
} from 'viem';
import type { TicketchatPublicClient } from '../../clients.ts';
import { MissingLogError, TransactionRevertedError } from '../../errors/contract.ts';

/** The outcome every write action returns, besides what it read from its logs. */
export type TransactionResult = { hash: Hash; receipt: TransactionReceipt };

/** Waits for the receipt and refuses a reverted one. */
export async function confirmTransaction(publicClient: TicketchatPublicClient, action: string, hash: Hash): Promise<TransactionResult> {
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') throw new TransactionRevertedError(action, hash);
  return { hash, receipt };
}

/** The first `eventName` log that `address` emitted in the receipt, decoded. */
export function requireLog<const abi extends Abi, eventName extends ContractEventName<abi>>(params: {
  action: string;
  abi: abi;
  eventName: eventName;
  address: Address;
  receipt: TransactionReceipt;
}): ParseEventLogsReturnType<abi, eventName, true>[number] {
  const logs = parseEventLogs({ abi: params.abi, eventName: params.eventName, logs: params.receipt.logs, strict: true });
  const log = logs.find((entry) => isAddressEqual(entry.address, params.address));
  if (!log) throw new MissingLogError(params.action, String(params.eventName), params.receipt.transactionHash);
  return log;
}
