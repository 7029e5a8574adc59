import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAppConfig } from '../../src/config.ts';
import { sampleAppConfig as valid } from '../fixtures/appConfig.ts';

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
    historySyncUrl: 'file:///etc/passwd',
    demoAccounts: [{ name: 'a', privateKey: '0x1' }],
  };
  assert.throws(
    () => parseAppConfig(bad),
    (error: Error) => {
      assert.equal(error.name, 'AppConfigError');
      assert.match(error.message, /^Validation failed: /);
      for (const key of ['chainId', 'rpcUrl', 'kiosk', 'agentInboxId', 'historySyncUrl', 'demoAccounts'])
        assert.match(error.message, new RegExp(`${key} must`));
      assert.doesNotMatch(error.message, /registry must/);
      return true;
    },
  );
});

test('a config from before device sync (no historySyncUrl) reads as device sync off', () => {
  const { historySyncUrl: _absent, ...older } = valid;
  assert.equal(parseAppConfig(older).historySyncUrl, null);
});

test('junk instead of an object is refused, not crashed on', () => {
  for (const junk of [null, 42, 'config', []]) assert.throws(() => parseAppConfig(junk), /Validation failed/);
});
