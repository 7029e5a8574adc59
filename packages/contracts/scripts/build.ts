import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { artifactsPath, compileContracts, renderArtifacts } from './compile.ts';

const compiled = compileContracts();
for (const warning of compiled.warnings) console.warn(warning);
mkdirSync(dirname(artifactsPath), { recursive: true });
writeFileSync(artifactsPath, renderArtifacts(compiled));
for (const { name, bytecode } of compiled.contracts) {
  console.log(`${name}: ${(bytecode.length - 2) / 2} bytes of creation code`);
}
console.log(`wrote ${artifactsPath}`);
