import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getAddress, type Abi, type Address, type Hex } from 'viem';
import { ticketKioskAbi, ticketsSold, withContractErrors } from '../src/node.ts';
import { compileContracts } from '../scripts/compile.ts';
import { defaultEvent, rejectsWith, startTestChain, type TestChain } from './fixtures.ts';

describe('refunds to smart-contract wallets', () => {
  let chain: TestChain;
  let holder: { abi: Abi; bytecode: Hex };
  before(async () => {
    chain = await startTestChain();
    const [compiled] = compileContracts({ 'test/contracts/ContractHolder.sol': 'ContractHolder' }).contracts;
    assert.ok(compiled);
    holder = { abi: compiled.abi as Abi, bytecode: compiled.bytecode };
  });
  after(() => chain.stop());

  /** Deploys a holder contract and has it buy one ticket for a new event. */
  const holderWithTicket = async (hostile: boolean) => {
    const wallet = chain.as(2).walletClient;
    const deployHash = await wallet.deployContract({ ...holder, args: [chain.deployment.kiosk, hostile], chain: chain.anvil.chain });
    const { contractAddress } = await chain.publicClient.waitForTransactionReceipt({ hash: deployHash });
    assert.ok(contractAddress);
    const eventId = await chain.newEvent();
    const buyHash = await wallet.writeContract({
      address: contractAddress,
      abi: holder.abi,
      functionName: 'buy',
      args: [eventId],
      value: defaultEvent.ticketPrice,
      chain: chain.anvil.chain,
    });
    await chain.publicClient.waitForTransactionReceipt({ hash: buyHash });
    return { address: getAddress(contractAddress), eventId };
  };
  const refundVia = (address: Address) =>
    withContractErrors('refund via contract', async () => {
      const hash = await chain
        .as(2)
        .walletClient.writeContract({ address, abi: holder.abi, functionName: 'refund', chain: chain.anvil.chain });
      return chain.publicClient.waitForTransactionReceipt({ hash });
    });
  const read = (address: Address, functionName: 'received' | 'payments' | 'ticketId') =>
    chain.publicClient.readContract({ address, abi: holder.abi, functionName }) as Promise<bigint>;

  it('pays a wallet whose receive needs more than 2300 gas (call, not transfer)', async () => {
    const wallet = await holderWithTicket(false);
    await refundVia(wallet.address);
    assert.equal(await read(wallet.address, 'received'), defaultEvent.ticketPrice);
    assert.equal(await read(wallet.address, 'payments'), 1n);
  });

  it('refuses a second refund attempted from inside the refund payment, and keeps everything as it was', async () => {
    const wallet = await holderWithTicket(true);
    const ticketId = await read(wallet.address, 'ticketId');
    await rejectsWith(
      refundVia(wallet.address),
      'PaymentFailed',
      new RegExp(`to ${wallet.address} failed: the receiver rejected the payment`),
    );
    assert.equal(await read(wallet.address, 'received'), 0n);
    assert.equal(
      await chain.publicClient.readContract({
        address: chain.deployment.kiosk,
        abi: ticketKioskAbi,
        functionName: 'ownerOf',
        args: [ticketId],
      }),
      wallet.address,
      'the ticket was not burned',
    );
    assert.equal(await ticketsSold(chain.publicClient, { kiosk: chain.deployment.kiosk, eventId: wallet.eventId }), 1n);
  });
});
