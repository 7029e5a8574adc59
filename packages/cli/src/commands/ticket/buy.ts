import { buyTicket } from '@ticketchat/contracts';
import { Command, Option } from 'commander';
import { withContext } from '../../command.ts';
import { id, integer } from '../../options.ts';
import { price } from '../../views/eventSummary.ts';
import { openWhenInvited } from '../../waitForChat.ts';

export function ticketBuyCommand(): Command {
  return new Command('buy')
    .description("buy a ticket at the event's price; the membership agent then adds you to its chat")
    .argument('<eventId>', 'the event id', id)
    .addOption(new Option('--wait-chat <seconds>', "wait up to this long until you are in the event's chat").argParser(integer).default(0))
    .action(
      withContext<[bigint], { waitChat: number }>(async (context, eventId, options) => {
        const event = await context.event(eventId);
        context.output.progress(`buying a ticket for event ${eventId} (${price(event.ticketPrice)})`);
        const { ticketId, hash } = await buyTicket(await context.chainClients(), {
          kiosk: context.settings.chain().kiosk,
          eventId,
          price: event.ticketPrice,
        });
        let inChat: boolean | undefined;
        if (options.waitChat > 0) {
          context.output.progress('waiting for the membership agent to add you to the chat');
          const room = await openWhenInvited(() => context.openRoom(eventId), options.waitChat * 1000);
          await room?.close();
          inChat = room !== undefined;
        }
        context.output.result(
          {
            eventId,
            ticketId,
            holder: context.account().address,
            price: event.ticketPrice,
            transactionHash: hash,
            ...(inChat === undefined ? {} : { inChat }),
          },
          (ticket) =>
            `Ticket #${ticket.ticketId} for event #${ticket.eventId} (${price(ticket.price)})` +
            (inChat === undefined
              ? ''
              : inChat
                ? '\nYou are in the chat: ticketchat chat tail ' + eventId
                : '\nNot in the chat yet: the membership agent adds you shortly'),
        );
      }),
    );
}
