import { createHash } from 'node:crypto';
import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { buildWebApp, DEFAULT_WEB_DIST_DIR, WEB_SOURCE_DIR } from './buildWebApp.ts';

/** What the bundle is made of: the app and the workspace libraries it bundles, and the XMTP SDK's version. */
const SOURCES = ['web/index.html', 'web/src', 'chat/src', 'contracts/src', 'metadata/src', 'errors/src'];
const STAMP_FILE = '.sources-stamp';

/** Builds kept beside the newest: a stack started before the sources changed may still serve one. */
const OLDER_BUILDS_KEPT = 2;

/**
 * The built app, built only when its sources changed since the last build (a stamp of their paths,
 * sizes and modification times names the build's folder), so `ticketchat dev` starts in a second
 * after the first time. Each version has a folder of its own under `distDir`, never rewritten: two
 * stacks starting at once each build aside and the first to finish is kept, and a running stack's
 * folder is not swapped under it when another stack builds newer sources.
 */
export async function ensureWebAppBuilt(distDir: string = DEFAULT_WEB_DIST_DIR): Promise<{ outDir: string; built: boolean }> {
  const stamp = await sourcesStamp();
  const outDir = join(distDir, stamp.slice(0, 16));
  if ((await readFile(join(outDir, STAMP_FILE), 'utf8').catch(() => '')) === stamp) return { outDir, built: false };
  const aside = `${outDir}.${process.pid}.${Date.now()}.tmp`;
  try {
    await buildWebApp({ outDir: aside });
    await writeFile(join(aside, STAMP_FILE), stamp);
    // Another stack may have put the same build here meanwhile: then that one is kept.
    await rename(aside, outDir).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  } finally {
    await rm(aside, { recursive: true, force: true });
  }
  await pruneOlderBuilds(distDir, outDir);
  return { outDir, built: true };
}

async function pruneOlderBuilds(distDir: string, current: string): Promise<void> {
  const builds = await Promise.all(
    (await readdir(distDir, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory() && !entry.name.endsWith('.tmp') && join(distDir, entry.name) !== current)
      .map(async (entry) => ({ path: join(distDir, entry.name), mtimeMs: (await stat(join(distDir, entry.name))).mtimeMs })),
  );
  builds.sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const { path } of builds.slice(OLDER_BUILDS_KEPT)) await rm(path, { recursive: true, force: true });
}

async function sourcesStamp(): Promise<string> {
  const hash = createHash('sha256');
  const packagesDir = join(WEB_SOURCE_DIR, '..');
  for (const source of SOURCES) {
    for (const file of await filesUnder(join(packagesDir, source))) {
      const { size, mtimeMs } = await stat(file);
      hash.update(`${file}\0${size}\0${mtimeMs}\n`);
    }
  }
  // An npm install that changes the SDK changes its manifest (its version).
  hash.update(await readFile(createRequire(import.meta.url).resolve('@xmtp/browser-sdk/package.json')));
  return hash.digest('hex');
}

async function filesUnder(path: string): Promise<string[]> {
  const info = await stat(path);
  if (!info.isDirectory()) return [path];
  const entries = await readdir(path, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
