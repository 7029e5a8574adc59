import { once } from 'node:events';
import { Command, Option } from 'commander';
import { isInactiveGroupError } from '@ticketchat/chat';
import { withContext } from '../../command.ts';
import { RemovedFromChatError } from '../../errors.ts';
import { id, integer } from '../../options.ts';
import { messageLine, messageView } from '../../views/messageView.ts';

/**
 * Lines of `chat tail --json`: `ready` once the live feed is open (anything sent after it is shown),
 * `message` for each message exactly once, `state` when the connection changes. A member removed
 * from the chat (refund, transfer) sees the tail end with exit code 4.
 */
export function chatTailCommand(): Command {
  return new Command('tail')
    .description("follow an event's chat live, each message exactly once, until Ctrl-C")
    .argument('<eventId>', 'the event id', id)
    .addOption(new Option('--history <n>', 'first print this many recent messages').argParser(integer).default(0))
    .addHelpText('after', '\nWith --json, one JSON document per line: {"type":"ready"}, {"type":"message",…}, {"type":"state",…}.')
    .action(
      withContext<[bigint], { history: number }>(async (context, eventId, options) => {
        const { output } = context;
        const room = await context.openRoom(eventId);
        const client = await context.xmtpClient();
        const show = (message: Parameters<typeof messageView>[0]) => {
          const view = messageView(message, eventId, client.inboxId);
          output.item({ type: 'message', ...view }, messageLine);
        };
        if (options.history > 0) for (const message of (await room.history({ limit: options.history })).messages.reverse()) show(message);
        room.onMessage(show);
        const removed = new Promise<void>((resolve) =>
          room.onStateChange((state, reason) => {
            output.item({ type: 'state', state, ...(reason ? { reason } : {}) }, () => `(${state}${reason ? `: ${reason}` : ''})`);
            if (reason && isInactiveGroupError(reason)) resolve();
          }),
        );
        output.item({ type: 'ready', eventId }, () => `Following event #${eventId}'s chat (Ctrl-C to stop)`);
        const outcome = await Promise.race([
          once(process, 'SIGINT').then(() => 'stopped'),
          once(process, 'SIGTERM').then(() => 'stopped'),
          removed.then(() => 'removed'),
        ]);
        await room.close();
        if (outcome === 'removed') throw new RemovedFromChatError(eventId);
      }),
    );
}
