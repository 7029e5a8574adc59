import { isBuiltin } from 'node:module';
import type { Plugin } from 'vite';

const PREFIX = '\0unreachable-node-builtin:';

/**
 * A guard for browser bundles: the page must ship no Node code. Our packages keep Node-only
 * modules in `./node` entries, but a dependency may still import a built-in from code the page
 * never runs; Vite's own stand-in for a built-in has no named exports, so Rollup would refuse
 * `import { join } from 'node:path'` there. Here each built-in becomes an empty module whose named
 * imports Rollup maps onto it, and the build fails if any of them is still referenced in the
 * bundle after tree-shaking, naming who imports it.
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
