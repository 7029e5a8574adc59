import { eventRegistryAbi, getEvent } from '@ticketchat/contracts';
import { Command } from 'commander';
import { withContext } from '../../command.ts';
import { eventLine, summarizeEvent } from '../../views/eventSummary.ts';

export function eventListCommand(): Command {
  return new Command('list').description('every event on the registry, oldest first').action(
    withContext<[], object>(async (context) => {
      const publicClient = await context.publicClient();
      const { registry } = context.settings.chain();
      const count = await publicClient.readContract({ address: registry, abi: eventRegistryAbi, functionName: 'eventCount' });
      const ids = Array.from({ length: Number(count) }, (_, index) => BigInt(index + 1));
      const events = await Promise.all(
        ids.map(async (eventId) => summarizeEvent(context, await getEvent(publicClient, { registry, eventId }))),
      );
      context.output.result(events, (all) =>
        all.length === 0 ? 'No events yet: ticketchat event create --title "…"' : all.map(eventLine).join('\n'),
      );
    }),
  );
}
