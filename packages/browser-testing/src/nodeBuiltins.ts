import { isBuiltin } from 'node:module';
import type { Plugin } from 'vite';

const PREFIX = '\0unreachable-node-builtin:';

/**
 * Lets a page bundle a library whose entry also re-exports Node-only modules (a package root
 * that offers both browser-safe helpers and, say, a file store), provided tree-shaking removes
 * every use of Node's built-ins. Vite's own stand-in for a built-in has no named exports, so
 * Rollup refuses `import { join } from 'node:path'` even in code the page never runs. Here each
 * built-in becomes an empty module whose named imports Rollup maps onto it, and the build fails if
 * any of them is still referenced in the bundle: the page ships no Node code, and says so.
 */
export function unreachableNodeBuiltins(): Plugin {
  return {
    name: 'ticketchat:unreachable-node-builtins',
    enforce: 'pre',
    resolveId(id) {
      return isBuiltin(id) ? `${PREFIX}${id}` : null;
    },
    load(id) {
      return id.startsWith(PREFIX) ? { code: 'export default {};', syntheticNamedExports: true } : null;
    },
    generateBundle(_options, bundle) {
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk') continue;
        for (const [id, module] of Object.entries(output.modules)) {
          if (!id.startsWith(PREFIX) || module.renderedLength === 0) continue;
          const importers = this.getModuleInfo(id)?.importers.join(', ');
          this.error(`${id.slice(PREFIX.length)} is used by code the page runs (imported by ${importers})`);
        }
      }
    },
  };
}
