#!/usr/bin/env node
// Runs the TypeScript sources through tsx; needs Node 22 (npm scripts put the project's Node 22 first on PATH).
import { register } from 'tsx/esm/api';

register();
const { gatekeeperCommand } = await import('../src/cli.ts');
await gatekeeperCommand().parseAsync(process.argv);
