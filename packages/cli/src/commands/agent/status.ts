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
        const status = (await response.json()) as unknown;
        context.output.result(status, (value) => JSON.stringify(value, null, 2));
      }),
    );
}
