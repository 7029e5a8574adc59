import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeSections, sectionChoice } from '../../src/features/create/sectionChoice.ts';

const form = (capacity: string, sectionSize = '', staff = '') => ({ capacity, sectionSize, staff });

test('a blank section size is the most one group holds; a small event keeps one group', () => {
  const choice = sectionChoice(form('100'), 1);
  assert.ok(choice.ok);
  assert.deepEqual([choice.plan.count, choice.plan.seats, choice.options], [1, 240, undefined]);
  assert.equal(describeSections(choice.plan), 'One chat for everyone (up to 240 ticket holders).');
});

test('a large capacity gets sections; a chosen size and staff become the mint options', () => {
  const large = sectionChoice(form('1000'), 1);
  assert.ok(large.ok);
  assert.equal(large.plan.count, 5);
  const staff = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8, 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
  const small = sectionChoice(form('6', '2', staff), 1);
  assert.ok(small.ok);
  assert.equal(small.plan.count, 3);
  assert.deepEqual(small.options, { seats: 2, staff: staff.split(', ') });
  assert.equal(
    describeSections(small.plan),
    '3 sections of up to 2 ticket holders each; your announcements reach every section. Your staff join without a ticket and may announce.',
  );
  const oneGroupStaff = sectionChoice(form('10', '', '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'), 1);
  assert.ok(oneGroupStaff.ok);
  assert.equal(oneGroupStaff.plan.count, 1);
  assert.match(
    describeSections(oneGroupStaff.plan),
    /One chat for everyone .* Your staff member joins without a ticket and may announce\./,
  );
});

test('sizes a group cannot hold and staff that are not addresses are refused with the reason', () => {
  const tooBig = sectionChoice(form('1000', '245'), 1);
  assert.ok(!tooBig.ok);
  assert.match(tooBig.problem, /a section holds 1 to 240 ticket holders/);
  const zero = sectionChoice(form('10', '0'), 1);
  assert.ok(!zero.ok);
  const notStaff = sectionChoice(form('10', '', 'bob'), 1);
  assert.ok(!notStaff.ok);
  assert.match(notStaff.problem, /staff bob is not an address/);
});
