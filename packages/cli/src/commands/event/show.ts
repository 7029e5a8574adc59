import { Command } from 'commander';
import { withContext } from '../../command.ts';
import { id } from '../../options.ts';
import { eventDetails, summarizeEvent } from '../../views/eventSummary.ts';

export function eventShowCommand(): Command {
  return new Command('show')
    .description("one event: the chain's record and its IPFS metadata")
    .argument('<eventId>', 'the event id', id)
    .action(
      withContext<[bigint], object>(async (context, eventId) => {
        context.output.result(await summarizeEvent(context, await context.event(eventId)), eventDetails);
      }),
    );
}
