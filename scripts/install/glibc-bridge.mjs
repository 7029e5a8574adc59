// Makes XMTP's prebuilt native binding load on glibc older than 2.38 (Debian 12 ships 2.36).
//
// The binding (@xmtp/node-bindings, linux-x64-gnu and linux-arm64-gnu) was linked against glibc 2.38
// and needs it for exactly two symbols: __isoc23_strtol and __isoc23_strtoul, the C23 variants that
// differ from the classic strtol/strtoul only in also accepting a "0b" binary prefix. We re-point
// those imports at the classic functions by editing the binding's dynamic symbol table:
//   - each __isoc23_<name> symbol's name offset moves forward past the "__isoc23_" prefix, so the
//     same string table bytes now read "<name>" (no string is rewritten, so tail-merged strings
//     that other symbols share stay intact);
//   - its version becomes "global" (any default version of the symbol satisfies it);
//   - the GLIBC_2.38 version requirement is marked weak, so the loader no longer demands it.
// On glibc >= 2.38, musl, macOS or Windows this script changes nothing. It is idempotent.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REQUIRED_GLIBC = [2, 38];
const C23_PREFIX = '__isoc23_';
// C23 variants whose classic counterpart behaves the same for every input the binding can see.
const BRIDGEABLE = new Set(['strtol', 'strtoul', 'strtoll', 'strtoull', 'strtoimax', 'strtoumax']);
const SHT_DYNSYM = 11;
const SHT_GNU_VERNEED = 0x6ffffffe;
const SHT_GNU_VERSYM = 0x6fffffff;
const VER_FLG_WEAK = 0x2;
const VER_NDX_GLOBAL = 1;

function glibcRuntimeVersion() {
  if (process.platform !== 'linux') return undefined;
  const version = process.report?.getReport().header.glibcVersionRuntime;
  return typeof version === 'string' ? version.split('.').map(Number) : undefined;
}

function isOlder([major, minor], [reqMajor, reqMinor]) {
  return major < reqMajor || (major === reqMajor && minor < reqMinor);
}

function cString(buf, offset) {
  let end = offset;
  while (buf[end] !== 0) end++;
  return buf.toString('latin1', offset, end);
}

function sectionHeaders(elf) {
  if (elf.readUInt32BE(0) !== 0x7f454c46 || elf[4] !== 2 || elf[5] !== 1) {
    throw new Error('not a 64-bit little-endian ELF file');
  }
  const shoff = Number(elf.readBigUInt64LE(0x28));
  const shentsize = elf.readUInt16LE(0x3a);
  const shnum = elf.readUInt16LE(0x3c);
  return Array.from({ length: shnum }, (_, i) => {
    const o = shoff + i * shentsize;
    return {
      type: elf.readUInt32LE(o + 4),
      offset: Number(elf.readBigUInt64LE(o + 0x18)),
      size: Number(elf.readBigUInt64LE(o + 0x20)),
      link: elf.readUInt32LE(o + 0x28),
      info: elf.readUInt32LE(o + 0x2c),
      entsize: Number(elf.readBigUInt64LE(o + 0x38)),
    };
  });
}

/** Returns how many symbols and version requirements were changed; 0 when already bridged. */
export function bridgeBinding(elf) {
  const sections = sectionHeaders(elf);
  const dynsym = sections.find((s) => s.type === SHT_DYNSYM);
  const versym = sections.find((s) => s.type === SHT_GNU_VERSYM);
  const verneed = sections.find((s) => s.type === SHT_GNU_VERNEED);
  if (!dynsym || !versym || !verneed) return 0;
  const dynstr = sections[dynsym.link].offset;
  const verstr = sections[verneed.link].offset;

  // Version indexes that stand for GLIBC >= 2.38 requirements, made weak on the way.
  const newVersionIndexes = new Set();
  let changes = 0;
  let need = verneed.offset;
  for (let n = 0; n < verneed.info; n++) {
    let aux = need + elf.readUInt32LE(need + 8);
    for (let k = 0, count = elf.readUInt16LE(need + 2); k < count; k++) {
      const name = cString(elf, verstr + elf.readUInt32LE(aux + 8));
      const match = /^GLIBC_(\d+)\.(\d+)/.exec(name);
      if (match && !isOlder([Number(match[1]), Number(match[2])], REQUIRED_GLIBC)) {
        newVersionIndexes.add(elf.readUInt16LE(aux + 6));
        const flags = elf.readUInt16LE(aux + 4);
        if (!(flags & VER_FLG_WEAK)) {
          elf.writeUInt16LE(flags | VER_FLG_WEAK, aux + 4);
          changes++;
        }
      }
      aux += elf.readUInt32LE(aux + 12);
    }
    need += elf.readUInt32LE(need + 12);
  }

  const symbolCount = dynsym.size / dynsym.entsize;
  for (let i = 0; i < symbolCount; i++) {
    const sym = dynsym.offset + i * dynsym.entsize;
    const versionIndex = elf.readUInt16LE(versym.offset + i * 2) & 0x7fff;
    if (!newVersionIndexes.has(versionIndex)) continue;
    const name = cString(elf, dynstr + elf.readUInt32LE(sym));
    const classic = name.startsWith(C23_PREFIX) ? name.slice(C23_PREFIX.length) : undefined;
    if (!classic || !BRIDGEABLE.has(classic)) {
      throw new Error(`symbol ${name} needs glibc >= ${REQUIRED_GLIBC.join('.')} and has no bridge`);
    }
    elf.writeUInt32LE(elf.readUInt32LE(sym) + C23_PREFIX.length, sym);
    elf.writeUInt16LE(VER_NDX_GLOBAL, versym.offset + i * 2);
    changes++;
  }
  return changes;
}

/** The glibc builds of the binding for this machine's architecture, wherever npm placed them. */
function findBindings(root) {
  const found = [];
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name === `bindings_node.linux-${process.arch}-gnu.node`) found.push(path);
    }
  };
  const search = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const path = join(dir, entry.name);
      if (entry.name === 'node-bindings' && dir.endsWith('@xmtp')) visit(path);
      else if (entry.name === 'node_modules' || entry.name.startsWith('@') || dir.endsWith('node_modules')) search(path);
    }
  };
  search(join(root, 'node_modules'));
  return found;
}

function main() {
  const version = glibcRuntimeVersion();
  if (!version || !isOlder(version, REQUIRED_GLIBC)) return;
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  for (const binding of findBindings(root)) {
    const elf = readFileSync(binding);
    const changes = bridgeBinding(elf);
    if (changes > 0) {
      writeFileSync(binding, elf);
      console.log(`glibc ${version.join('.')} < 2.38: bridged C23 symbols in ${binding.slice(root.length + 1)}`);
    }
  }
  // Prove the result loads; a failure here is better at install time than in the first test.
  const require = createRequire(join(root, 'package.json'));
  for (const binding of findBindings(root)) require(binding);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
