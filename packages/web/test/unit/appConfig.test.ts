import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAppConfig, type AppConfig } from '../../src/config.ts';

const valid: AppConfig = {
  chainId: 31337,
  rpcUrl: 'http://127.0.0.1:8545',
  registry: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  kiosk: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
  deployedAtBlock: '1',
  xmtpApiUrl: 'http://127.0.0.1:5557',
  ipfsGatewayUrl: 'http://127.0.0.1:8080',
  agentInboxId: null,
  demoAccounts: [],
};

test('a complete config passes as is', () => {
  assert.deepEqual(parseAppConfig(valid), valid);
});

test('every bad field is named in one "Validation failed" message', () => {
  const bad = {
    ...valid,
    chainId: 0,
    rpcUrl: 'javascript:alert(1)',
    kiosk: '0x12',
    agentInboxId: 'x',
    demoAccounts: [{ name: 'a', privateKey: '0x1' }],
  };
  assert.throws(
    () => parseAppConfig(bad),
    (error: Error) => {
      assert.equal(error.name, 'AppConfigError');
      assert.match(error.message, /^Validation failed: /);
      for (const key of ['chainId', 'rpcUrl', 'kiosk', 'agentInboxId', 'demoAccounts'])
        assert.match(error.message, new RegExp(`${key} must`));
      assert.doesNotMatch(error.message, /registry must/);
      return true;
    },
  );
});

test('junk instead of an object is refused, not crashed on', () => {
  for (const junk of [null, 42, 'config', []]) assert.throws(() => parseAppConfig(junk), /Validation failed/);
});
