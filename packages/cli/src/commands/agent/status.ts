import type { GatekeeperStatus } from '@ticketchat/gatekeeper';
import { Command } from 'commander';
import { withContext } from '../../command.ts';
import { CliError, ExitCode } from '../../errors.ts';

export function agentStatusCommand(): Command {
  return new Command('status')
    .description("the membership agent's view: events it follows, members it added and removed, how far it has read the chain")
    .action(
      withContext<[], object>(async (context) => {
        const url = `${context.settings.agentUrl().replace(/\/$/, '')}/status`;
        const response = await fetch(url).catch((cause: unknown) => {
          throw new CliError(`The membership agent at ${url} cannot be reached.`, ExitCode.unavailable, { cause });
        });
        if (!response.ok) throw new CliError(`The membership agent answered ${response.status} at ${url}.`, ExitCode.unavailable);
        context.output.result((await response.json()) as GatekeeperStatus, statusText);
      }),
    );
}

function statusText(status: GatekeeperStatus): string {
  const { chain } = status;
  return [
    `Membership agent ${status.inboxId}`,
    `  chain    read to block ${chain.checkpointBlock ?? '-'} of ${chain.head ?? '-'}${chain.live ? ', following live' : ', catching up'}`,
    `  pending  ${status.pending.length} buyers without an XMTP identity yet, ${status.openIntents} membership changes in flight`,
    ...(status.events.length === 0 ? ['  no events yet'] : []),
    ...status.events.map(
      (event) =>
        `  event #${event.eventId}  ${event.state}${event.note ? ` (${event.note})` : ''}: ${event.members} members, ${event.holders} ticket holders` +
        (event.waiting.length > 0 ? `, ${event.waiting.length} waiting` : ''),
    ),
  ].join('\n');
}
