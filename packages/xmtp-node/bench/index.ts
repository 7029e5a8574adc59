/**
 * `npm run bench -w @ticketchat/xmtp-node [-- flood]`: the SDK benchmark (bench/run.ts), or with
 * `flood` as the first argument the flood suite (bench/flood/run.ts).
 */
if (process.argv[2] === 'flood') {
  process.argv.splice(2, 1);
  await import('./flood/run.ts');
} else {
  await import('./run.ts');
}

export {};
