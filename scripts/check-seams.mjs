// Checks the seams between packages that ARCHITECTURE.md promises, on the real tree (npm test runs it):
// 1. a package imports another only through an entry point its package.json declares in `exports`,
//    never through a relative path into another package's folder;
// 2. a package's src/ imports only the packages its layer may use, and declares them as dependencies;
// 3. no `as unknown as` in any package's src/;
// 4. every exported error class names itself after its class (`override name = 'ClassName'`);
// 5. inside packages/xmtp-node/src, every file belongs to a layer and imports only from its own
//    layer or the ones below (NODE_LAYERS).
// `node scripts/check-seams.mjs` prints every problem and exits 1 if there is any.
import { existsSync, globSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = join(import.meta.dirname, '..');

/**
 * Which workspace packages each package's src/ may import (ARCHITECTURE.md, "What may import
 * what"). A package not listed here (an app: gatekeeper, cli, web) may import any library, and no
 * library may import it.
 */
const MAY_IMPORT = {
  errors: [],
  contracts: ['errors'],
  metadata: ['errors'],
  chat: ['errors', 'contracts', 'metadata'],
  'xmtp-node': [],
  'test-support': [],
  'browser-testing': [],
};

/**
 * The layers of packages/xmtp-node/src, bottom first (ARCHITECTURE.md, "Inside the node"): a file
 * may import from its own layer and the ones before it, never from a later one. Entries are folders
 * or top-level files.
 */
const NODE_LAYERS = [
  ['errors.ts', 'protocol'], // the node's own refusals; protobuf codecs
  ['identity'], // domain: identity updates, signatures, association rules
  ['mls'], // domain: whole-message MLS parsing and key packages
  ['store'], // the storage contract and its backends
  ['limits'], // every bound, the rate limiter, response budgets
  ['subscriptions'], // topic dispatch, replay-then-live
  ['api'], // services: validate, call the domain, call the store; errors -> gRPC statuses
  ['transport'], // gRPC, gRPC-web, framing, send queues, limits at the edge
  ['history'], // the history-sync service (HTTP, beside the gRPC transports)
  ['node.ts', 'cli.ts', 'index.ts'], // composition
];
const NODE_SRC = 'packages/xmtp-node/src';

/** A file's layer index inside the node's src/, or -1 when no layer claims it. */
function nodeLayerOf(file) {
  const [top] = relative(NODE_SRC, file).split(sep);
  return NODE_LAYERS.findIndex((layer) => layer.includes(top));
}

/** The imports of a node src/ file that reach a later layer (or none): each a sentence. */
function nodeLayerProblems(file, specifiers) {
  const layer = nodeLayerOf(file);
  if (layer === -1) return [`${file}: belongs to no layer of the node (add its folder to NODE_LAYERS in scripts/check-seams.mjs)`];
  const found = [];
  for (const specifier of specifiers) {
    if (!specifier.startsWith('.')) continue;
    const target = relative(root, resolve(root, dirname(file), specifier));
    if (!target.startsWith(`${NODE_SRC}/`)) continue;
    const targetLayer = nodeLayerOf(target);
    if (targetLayer > layer || targetLayer === -1) {
      found.push(
        `${file}: imports ${specifier}, a layer above it (${NODE_LAYERS[layer].join(', ')} may import only ${NODE_LAYERS.slice(0, layer + 1)
          .flat()
          .join(', ')}; ARCHITECTURE.md, "Inside the node")`,
      );
    }
  }
  return found;
}

const packages = new Map(
  globSync('packages/*/package.json', { cwd: root }).map((file) => {
    const manifest = JSON.parse(readFileSync(join(root, file), 'utf8'));
    return [manifest.name, { folder: dirname(file).split('/')[1], manifest }];
  }),
);
const folderOf = (name) => packages.get(name)?.folder;

const problems = [];
const importPattern = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;

for (const file of globSync('packages/*/{src,test,bench,scripts,bin}/**/*.{ts,tsx,mjs,js}', { cwd: root })) {
  const folder = file.split('/')[1];
  const area = file.split('/')[2];
  const source = readFileSync(join(root, file), 'utf8');
  const { manifest } = [...packages.values()].find((entry) => entry.folder === folder) ?? {};
  for (const [, specifier] of source.matchAll(importPattern)) {
    if (specifier.startsWith('.')) {
      const target = relative(join(root, 'packages'), resolve(root, dirname(file), specifier));
      if (target.split(sep)[0] !== folder) problems.push(`${file}: reaches into another package by path (${specifier})`);
      continue;
    }
    const match = /^(@ticketchat\/[^/]+)(\/.*)?$/.exec(specifier);
    if (!match) continue;
    const [, name, subpath] = match;
    const target = packages.get(name);
    if (!target) {
      problems.push(`${file}: imports ${name}, which is no workspace package`);
      continue;
    }
    const entry = subpath ? `.${subpath}` : '.';
    if (!Object.hasOwn(target.manifest.exports ?? {}, entry)) {
      problems.push(
        `${file}: imports ${specifier}, which ${name} does not export (its entry points: ${Object.keys(target.manifest.exports ?? {}).join(', ')})`,
      );
    }
    if (area !== 'src') continue;
    const allowed = MAY_IMPORT[folder];
    if (allowed && !allowed.includes(target.folder)) {
      problems.push(`${file}: ${folder} may not import ${name} (ARCHITECTURE.md, "What may import what")`);
    }
    if (!manifest?.dependencies?.[name] && !manifest?.peerDependencies?.[name]) {
      problems.push(`${file}: imports ${name} without declaring it in ${folder}'s dependencies`);
    }
  }
  if (area !== 'src') continue;
  if (folder === 'xmtp-node') {
    problems.push(
      ...nodeLayerProblems(
        file,
        [...source.matchAll(importPattern)].map(([, specifier]) => specifier),
      ),
    );
  }
  if (source.includes('as unknown as')) problems.push(`${file}: casts with 'as unknown as'`);
  if (folder === 'xmtp-node') continue;
  for (const declaration of source.matchAll(/export class (\w+) extends \w*Error\b[^{]*\{([\s\S]*?)\n\}/g)) {
    const [, className, body] = declaration;
    const named = /override name(?::\s*string)?\s*=\s*'(\w+)'/.exec(body);
    if (named?.[1] !== className) problems.push(`${file}: ${className} must name itself: override name = '${className}' as const`);
  }
}

for (const [name, { folder }] of packages) {
  if (MAY_IMPORT[folder] === undefined) continue;
  for (const dependency of Object.keys(packages.get(name).manifest.dependencies ?? {})) {
    const dependencyFolder = folderOf(dependency);
    if (dependencyFolder && !MAY_IMPORT[folder].includes(dependencyFolder)) {
      problems.push(`packages/${folder}/package.json: ${folder} depends on ${dependency}, outside its layer`);
    }
  }
}

if (!existsSync(join(root, 'ARCHITECTURE.md'))) problems.push('ARCHITECTURE.md is missing');

if (problems.length > 0) {
  console.error(`The package seams are broken in ${problems.length} place(s) (see ARCHITECTURE.md):\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(`seams: ${packages.size} packages import each other only through their entry points and layers`);
