#!/usr/bin/env -S node --disable-warning=ExperimentalWarning
// Runs the TypeScript sources through tsx; needs Node 22 (npm scripts put the project's Node 22 first on PATH).
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../src/program.ts');
await run(process.argv);
