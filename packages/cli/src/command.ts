import type { Command } from 'commander';
import { CommandContext } from './context.ts';
import { Settings, type GlobalOptions } from './options.ts';
import { createOutput } from './output.ts';

/**
 * Wraps a command's handler: resolves the shared settings (flag > env > stack file > default) and
 * hands the handler its context, its positional arguments and its own options. Errors propagate
 * to `run`, which prints them and picks the exit code.
 */
export function withContext<Args extends unknown[], Options>(
  handler: (context: CommandContext, ...rest: [...Args, Options]) => Promise<void>,
): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const command = args.at(-1) as Command;
    const options = args.at(-2) as Options;
    const positional = args.slice(0, -2) as Args;
    const globals = command.optsWithGlobals<GlobalOptions>();
    const context = new CommandContext(await Settings.load(globals), createOutput({ json: globals.json === true }));
    await handler(context, ...positional, options);
  };
}
