import { fileURLToPath } from 'node:url';
import { buildPage, servePage } from '@ticketchat/browser-testing';

const PAGE_SOURCE = fileURLToPath(new URL('./page/', import.meta.url));

/** Bundles test/browser/page into `outDir`, as an app would ship @xmtp/browser-sdk. */
export function buildTestPage(outDir: string): Promise<void> {
  return buildPage({ root: PAGE_SOURCE, outDir });
}

/** Serves a built page from 127.0.0.1 on a free port; add `?apiUrl=` for the node it should talk to. */
export const serveTestPage = servePage;
