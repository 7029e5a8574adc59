import { transferTicket } from '@ticketchat/contracts';
import { Command, InvalidArgumentError } from 'commander';
import { getAddress, isAddress, type Address } from 'viem';
import { withContext } from '../../command.ts';
import { id } from '../../options.ts';

export function ticketTransferCommand(): Command {
  return new Command('transfer')
    .description('give a ticket to another address; the chat follows the ticket')
    .argument('<ticketId>', 'the ticket id', id)
    .argument('<to>', 'the new holder', (value: string): Address => {
      if (!isAddress(value)) throw new InvalidArgumentError('expected a 0x address');
      return getAddress(value);
    })
    .action(
      withContext<[bigint, Address], object>(async (context, ticketId, to) => {
        context.output.progress(`transferring ticket ${ticketId} to ${to}`);
        const { eventId, hash } = await transferTicket(await context.chainClients(), {
          kiosk: context.settings.chain().kiosk,
          ticketId,
          to,
        });
        context.output.result(
          { ticketId, eventId, from: context.account().address, to, transactionHash: hash },
          (transfer) => `Ticket #${transfer.ticketId} (event #${transfer.eventId}) now belongs to ${transfer.to}`,
        );
      }),
    );
}
