import { createHash } from 'node:crypto';
import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { buildWebApp, DEFAULT_WEB_DIST_DIR, WEB_SOURCE_DIR } from './buildWebApp.ts';

/** What the bundle is made of: the app and the workspace libraries it bundles, and the XMTP SDK's version. */
const SOURCES = ['web/index.html', 'web/src', 'chat/src', 'contracts/src', 'metadata/src', 'errors/src'];
const STAMP_FILE = '.sources-stamp';

/**
 * The built app, built only when its sources changed since the last build (a stamp of their paths,
 * sizes and modification times sits beside the build), so `ticketchat dev` starts in a second
 * after the first time. Two stacks starting at once each build aside and the first to finish is
 * kept, so neither serves a half-written folder.
 */
export async function ensureWebAppBuilt(outDir: string = DEFAULT_WEB_DIST_DIR): Promise<{ outDir: string; built: boolean }> {
  const stamp = await sourcesStamp();
  if ((await readFile(join(outDir, STAMP_FILE), 'utf8').catch(() => '')) === stamp) return { outDir, built: false };
  const aside = `${outDir.replace(/\/$/, '')}.${process.pid}.${Date.now()}.tmp`;
  try {
    await buildWebApp({ outDir: aside });
    await writeFile(join(aside, STAMP_FILE), stamp);
    await rm(outDir, { recursive: true, force: true });
    // Another stack may have put its build here meanwhile: then that one (same sources) is kept.
    await rename(aside, outDir).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  } finally {
    await rm(aside, { recursive: true, force: true });
  }
  return { outDir, built: true };
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
