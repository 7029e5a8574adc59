import {
  isAddressEqual,
  parseEventLogs,
  type Abi,
  type Account,
  type Address,
  type Chain,
  type ContractEventName,
  type ContractFunctionArgs,
  type ContractFunctionName,
  type Hash,
  type ParseEventLogsReturnType,
  type TransactionReceipt,
  type WriteContractParameters,
} from 'viem';
import type { TicketchatClients, TicketchatPublicClient } from '../../clients.ts';
import { MissingLogError, TransactionRevertedError, withContractErrors } from '../../errors/contract.ts';

/** The outcome every write action returns, besides what it read from its logs. */
export type TransactionResult = { hash: Hash; receipt: TransactionReceipt };

type Mutability = 'nonpayable' | 'payable';

/**
 * The skeleton every write action shares: send the call (`request`, exactly what viem's
 * `writeContract` takes), wait for the receipt (a reverted one throws), and read the action's result
 * from the `eventName` log the contract emitted in that transaction, never from a prediction. Every
 * failure comes out through `withContractErrors`, named after `action`.
 *
 * @example
 * const { log, ...result } = await writeContractAndReadLog(clients, { action: 'buyTicket(event 7)', eventName: 'TicketPurchased' }, {
 *   address: kiosk, abi: ticketKioskAbi, functionName: 'buy', args: [7n], value: price, account, chain,
 * })
 */
export function writeContractAndReadLog<
  const abi extends Abi,
  functionName extends ContractFunctionName<abi, Mutability>,
  const args extends ContractFunctionArgs<abi, Mutability, functionName>,
  eventName extends ContractEventName<abi>,
>(
  { publicClient, walletClient }: TicketchatClients,
  { action, eventName }: { action: string; eventName: eventName },
  request: WriteContractParameters<abi, functionName, args, Chain | undefined, Account>,
): Promise<TransactionResult & { log: ParseEventLogsReturnType<abi, eventName, true>[number] }> {
  return withContractErrors(action, async () => {
    const hash = await walletClient.writeContract(request);
    const result = await confirmTransaction(publicClient, action, hash);
    const log = requireLog({ action, abi: request.abi, eventName, address: request.address, receipt: result.receipt });
    return { ...result, log };
  });
}

/** Waits for the receipt and refuses a reverted one. */
async function confirmTransaction(publicClient: TicketchatPublicClient, action: string, hash: Hash): Promise<TransactionResult> {
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') throw new TransactionRevertedError(action, hash);
  return { hash, receipt };
}

/** The first `eventName` log that `address` emitted in the receipt, decoded. */
function requireLog<const abi extends Abi, eventName extends ContractEventName<abi>>(params: {
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
