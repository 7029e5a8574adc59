import { fileURLToPath } from 'node:url';
import { buildPage } from '@ticketchat/browser-testing';

/** The app's sources (index.html and src/) and where a build goes by default (git-ignored). */
export const WEB_SOURCE_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_WEB_DIST_DIR = fileURLToPath(new URL('../../dist/', import.meta.url));

export interface BuildWebAppOptions {
  /** Emptied first. @default packages/web/dist */
  outDir?: string;
}

/**
 * Bundles the app with Vite as it ships: the XMTP SDK's module workers and wasm included, and no
 * Node built-in reachable from the page (the build fails naming the importer if one is). The
 * result is static files; `serveWebApp` adds the stack's `/config.json` beside them.
 */
export async function buildWebApp(options: BuildWebAppOptions = {}): Promise<{ outDir: string }> {
  const outDir = options.outDir ?? DEFAULT_WEB_DIST_DIR;
  await buildPage({ root: WEB_SOURCE_DIR, outDir });
  return { outDir };
}
