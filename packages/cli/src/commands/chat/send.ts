import { Command } from 'commander';
import { isInactiveGroupError } from '@ticketchat/chat';
import { withContext } from '../../command.ts';
import { findCause, RemovedFromChatError } from '../../errors.ts';
import { id } from '../../options.ts';

export function chatSendCommand(): Command {
  return new Command('send')
    .description("send a message to an event's chat (ticket holders and the creator)")
    .argument('<eventId>', 'the event id', id)
    .argument('<text...>', 'the message')
    .action(
      withContext<[bigint, string[]], object>(async (context, eventId, words) => {
        const room = await context.openRoom(eventId);
        try {
          const messageId = await room.send(words.join(' ')).catch((error: unknown) => {
            throw findCause(error, isInactiveGroupError) ? new RemovedFromChatError(eventId, error) : error;
          });
          context.output.result({ eventId, messageId }, (sent) => `Sent to event #${sent.eventId}'s chat (${sent.messageId})`);
        } finally {
          await room.close();
        }
      }),
    );
}
