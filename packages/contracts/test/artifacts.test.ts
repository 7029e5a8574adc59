import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { artifactsPath, compileContracts, renderArtifacts } from '../scripts/compile.ts';

it('the committed src/generated/artifacts.ts is exactly what the Solidity sources compile to', () => {
  const fresh = renderArtifacts(compileContracts());
  assert.ok(
    fresh === readFileSync(artifactsPath, 'utf8'),
    'src/generated/artifacts.ts is stale: run `npm run build -w @ticketchat/contracts` and commit the result',
  );
});
