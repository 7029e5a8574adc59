// Checks the seams between packages that ARCHITECTURE.md promises, on the real tree (npm test runs it):
// 1. a package imports another only through an entry point its package.json declares in `exports`,
//    never through a relative path into another package's folder;
// 2. a package's src/ imports only the packages its layer may use, and declares them as dependencies;
// 3. no `as unknown as` in any package's src/;
// 4. every exported error class names itself after its class (`override name = 'ClassName'`).
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
