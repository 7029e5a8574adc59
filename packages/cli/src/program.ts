import { Command, CommanderError } from 'commander';
import { agentStatusCommand } from './commands/agent/status.ts';
import { chatHistoryCommand } from './commands/chat/history.ts';
import { chatSendCommand } from './commands/chat/send.ts';
import { chatTailCommand } from './commands/chat/tail.ts';
import { devCommand } from './commands/dev.ts';
import { eventCreateCommand } from './commands/event/create.ts';
import { eventListCommand } from './commands/event/list.ts';
import { eventShowCommand } from './commands/event/show.ts';
import { ticketBuyCommand } from './commands/ticket/buy.ts';
import { ticketRefundCommand } from './commands/ticket/refund.ts';
import { ticketTransferCommand } from './commands/ticket/transfer.ts';
import { ExitCode, exitCodeFor } from './errors.ts';
import { addGlobalOptions } from './options.ts';
import { createOutput } from './output.ts';

export function ticketchatProgram(): Command {
  const program = addGlobalOptions(
    new Command('ticketchat')
      .description('Ticket-gated, end-to-end encrypted event chats: run the local stack, create events, buy tickets, chat.')
      .showSuggestionAfterError()
      .addHelpText(
        'after',
        `
Settings come from the flag, else its TICKETCHAT_* environment variable, else the running local
stack (<data-dir>/stack.json), else a default. Exit codes: 0 ok, 1 error, 2 usage, 3 not found,
4 not allowed, 5 unavailable (a service is unreachable or a port is taken).

Start here:  npm start            (= ticketchat dev: the whole local stack)`,
      ),
  );
  program.addCommand(devCommand());
  program.addCommand(
    new Command('event')
      .description('create and look up events')
      .addCommand(eventCreateCommand())
      .addCommand(eventListCommand())
      .addCommand(eventShowCommand()),
  );
  program.addCommand(
    new Command('ticket')
      .description('buy, refund and transfer tickets')
      .addCommand(ticketBuyCommand())
      .addCommand(ticketRefundCommand())
      .addCommand(ticketTransferCommand()),
  );
  program.addCommand(
    new Command('chat')
      .description("an event's end-to-end encrypted chat")
      .addCommand(chatSendCommand())
      .addCommand(chatTailCommand())
      .addCommand(chatHistoryCommand()),
  );
  program.addCommand(new Command('agent').description('the membership agent').addCommand(agentStatusCommand()));
  // Every command (and group) reports usage errors the same way, so `run` can map them to exit
  // code 2, and lists the shared options in its help.
  const configure = (command: Command) => {
    command.exitOverride().configureHelp({ showGlobalOptions: true });
    command.commands.forEach(configure);
  };
  configure(program);
  return program;
}

/** Runs the CLI and exits with a code scripts can trust (see the README). */
export async function run(argv: string[]): Promise<never> {
  const program = ticketchatProgram();
  let code: number = ExitCode.ok;
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed the message (or the help); help and version are not failures.
      code = error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    } else {
      code = exitCodeFor(error);
      createOutput({ json: program.opts<{ json?: boolean }>().json === true }).error(error, code);
    }
  }
  // Native XMTP handles would keep the process alive after the work is done.
  process.exit(code);
}
