import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  memoryGb: number;
  os: string;
  node: string;
  sqlite: string;
  nodeSdk: string;
  nodeBindings: string;
}

const require = createRequire(import.meta.url);

/** The package.json next to a package's resolved entry point (its `exports` may hide package.json). */
function packageVersion(name: string): string {
  let directory = dirname(require.resolve(name));
  for (let depth = 0; depth < 4; depth++, directory = dirname(directory)) {
    try {
      const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === name && manifest.version) return manifest.version;
    } catch {
      // Not at this level; keep walking up.
    }
  }
  return 'unknown';
}

function sqliteVersion(): string {
  const db = new DatabaseSync(':memory:');
  try {
    return (db.prepare('SELECT sqlite_version() AS version').get() as { version: string }).version;
  } finally {
    db.close();
  }
}

export function describeMachine(): MachineInfo {
  return {
    cores: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    os: `${process.platform} ${release()} ${process.arch}`,
    node: process.version,
    sqlite: sqliteVersion(),
    nodeSdk: packageVersion('@xmtp/node-sdk'),
    nodeBindings: packageVersion('@xmtp/node-bindings'),
  };
}
