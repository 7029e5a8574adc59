import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Address } from 'viem';
import { Announcers } from '../../src/index.ts';

const creator: Address = '0x1111111111111111111111111111111111111111';
const staff: Address = '0x2222222222222222222222222222222222222222';

test('only the creator and named staff announce; a staff member who registers later is found, at most every 30 s', async () => {
  const registered = new Map<string, string>([[creator, 'creator-inbox']]);
  let lookups = 0;
  let clock = 0;
  const announcers = await Announcers.resolve({
    findInboxId: async (address) => {
      lookups++;
      return registered.get(address);
    },
    creator,
    staff: [staff],
    now: () => clock,
  });
  assert.equal(await announcers.mayAnnounce('creator-inbox'), true);
  assert.equal(await announcers.mayAnnounce('member-inbox'), false);
  registered.set(staff, 'staff-inbox');
  const before = lookups;
  for (let flood = 0; flood < 100; flood++) assert.equal(await announcers.mayAnnounce('staff-inbox'), false);
  assert.equal(lookups, before, 'a flood of unknown senders costs no lookups');
  clock += 30_000;
  assert.equal(await announcers.mayAnnounce('staff-inbox'), true);
  assert.equal(await announcers.mayAnnounce('member-inbox'), false);
});

test('a lookup that fails leaves the address unresolved instead of failing the room', async () => {
  const announcers = await Announcers.resolve({
    findInboxId: async () => {
      throw new Error('node unreachable');
    },
    creator,
  });
  assert.equal(await announcers.mayAnnounce('anyone'), false);
});
