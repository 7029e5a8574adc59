#!/usr/bin/env node
// Runs the TypeScript sources through tsx; needs Node 22 (npm scripts put the project's Node 22 first on PATH).
import { register } from 'tsx/esm/api';

register();
const { gatekeeperCommand } = await import('../src/cli.ts');
await gatekeeperCommand()
  .parseAsync(process.argv)
  .catch((error) => {
    // Bad configuration and start-up failures: one readable line, no stack trace.
    process.stderr.write(`ticketchat-gatekeeper: ${error?.shortMessage ?? error?.message ?? error}\n`);
    process.exit(1);
  });
