import { build } from 'vite';
import { unreachableNodeBuiltins } from './nodeBuiltins.ts';

export interface BuildPageOptions {
  /** The page's source folder: an index.html and the scripts it loads. */
  root: string;
  /** Where the bundle goes; emptied first. */
  outDir: string;
}

/**
 * Bundles a test page with Vite, as an app would ship @xmtp/browser-sdk: its two module workers
 * need `worker.format: 'es'`, and Vite emits the wasm they load by URL. Node built-ins may be
 * imported only by code tree-shaking removes (see `unreachableNodeBuiltins`).
 */
export async function buildPage({ root, outDir }: BuildPageOptions): Promise<void> {
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    plugins: [unreachableNodeBuiltins()],
    worker: { format: 'es' },
    build: {
      outDir,
      emptyOutDir: true,
      sourcemap: false,
      reportCompressedSize: false,
      chunkSizeWarningLimit: 1024,
      rollupOptions: {
        // React libraries mark modules "use client" for server-component bundlers; a page bundle drops the marker harmlessly.
        onwarn(warning, warn) {
          if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
        },
      },
    },
  });
}
