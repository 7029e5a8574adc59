import { refundTicket } from '@ticketchat/contracts';
import { Command } from 'commander';
import { withContext } from '../../command.ts';
import { id } from '../../options.ts';
import { price } from '../../views/eventSummary.ts';

export function ticketRefundCommand(): Command {
  return new Command('refund')
    .description('give a ticket back before the event starts (any time if it was cancelled); you leave its chat')
    .argument('<ticketId>', 'the ticket id (ticket buy prints it)', id)
    .action(
      withContext<[bigint], object>(async (context, ticketId) => {
        context.output.progress(`refunding ticket ${ticketId}`);
        const { eventId, amount, hash } = await refundTicket(await context.chainClients(), {
          kiosk: context.settings.chain().kiosk,
          ticketId,
        });
        context.output.result(
          { ticketId, eventId, refunded: amount, transactionHash: hash },
          (refund) => `Refunded ticket #${refund.ticketId} for event #${refund.eventId}: ${price(refund.refunded)} back`,
        );
      }),
    );
}
