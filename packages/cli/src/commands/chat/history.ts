import { Command, Option } from 'commander';
import { withContext } from '../../command.ts';
import { id, integer } from '../../options.ts';
import { isMember } from '../../views/membership.ts';
import { messageLine, messageView } from '../../views/messageView.ts';

export function chatHistoryCommand(): Command {
  return new Command('history')
    .description("an event chat's recent messages, oldest first, as far as you can read them")
    .argument('<eventId>', 'the event id', id)
    .addOption(new Option('--limit <n>', 'how many messages, newest ones').argParser(integer).default(50))
    .addHelpText('after', '\nAfter a refund or a transfer you leave the chat: what came before stays readable, nothing after reaches you.')
    .action(
      withContext<[bigint], { limit: number }>(async (context, eventId, options) => {
        const room = await context.openRoom(eventId);
        try {
          const client = await context.xmtpClient();
          const page = await room.history({ limit: options.limit });
          const messages = page.messages.reverse().map((message) => messageView(message, eventId, client.inboxId));
          const member = await isMember(client, room.groupId);
          context.output.result({ eventId, member, messages }, (history) =>
            [
              ...(history.messages.length === 0 ? ['No messages yet.'] : history.messages.map(messageLine)),
              ...(history.member ? [] : ['(You are no longer in this chat: nothing newer reaches you.)']),
            ].join('\n'),
          );
        } finally {
          await room.close();
        }
      }),
    );
}
