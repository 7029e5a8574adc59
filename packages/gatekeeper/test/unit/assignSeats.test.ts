import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assignSeats, seatingStripe, type SeatRequest } from '../../src/sections/assignSeats.ts';

const alone = (inbox: string): SeatRequest => ({ inbox, purchases: [`tx-${inbox}`] });
const none = new Map<string, never>();

function occupancy(sections: number, ...maps: ReadonlyMap<string, number>[]): number[] {
  const counts = Array.from({ length: sections }, () => 0);
  for (const map of maps) for (const section of map.values()) counts[section]!++;
  return counts;
}

test('holders fill the sections evenly: each goes to the section with the most free seats', () => {
  const plan = assignSeats({
    sectionCount: 4,
    seatsPerSection: 3,
    seated: new Map([
      ['a', 0],
      ['b', 0],
      ['c', 1],
    ]),
    newcomers: ['d', 'e', 'f', 'g', 'h'].map(alone),
    seatedPurchases: none,
  });
  assert.deepEqual(Object.fromEntries(plan.placed), { d: 2, e: 3, f: 1, g: 2, h: 3 });
  assert.deepEqual(plan.waiting, []);
});

test('tickets bought in one transaction sit together; a party no section holds whole is split rather than kept waiting', () => {
  const party = (inbox: string, tx: string): SeatRequest => ({ inbox, purchases: [tx] });
  const plan = assignSeats({
    sectionCount: 3,
    seatsPerSection: 2,
    seated: new Map([['x', 0]]),
    newcomers: [party('a', 't1'), alone('solo'), party('b', 't1'), party('c', 't2'), party('d', 't2'), party('e', 't2')],
    seatedPurchases: none,
  });
  // a and b (t1) take the emptiest section whole; solo the next; c, d, e (t2, three) fit no section: split.
  assert.equal(plan.placed.get('a'), plan.placed.get('b'));
  assert.equal(plan.placed.get('a'), 1);
  assert.equal(plan.placed.get('solo'), 2);
  assert.deepEqual(occupancy(3, new Map([['x', 0]]), plan.placed), [2, 2, 2]);
  assert.deepEqual(plan.waiting, ['e'], 'only who fits nowhere waits');
});

test('a party is joined to purchases by any of its members (union of transactions), and keeps its first arrival’s place in line', () => {
  const plan = assignSeats({
    sectionCount: 2,
    seatsPerSection: 3,
    seated: none,
    newcomers: [
      { inbox: 'a', purchases: ['t1'] },
      { inbox: 'b', purchases: ['t9'] },
      { inbox: 'c', purchases: ['t2', 't1'] },
      { inbox: 'd', purchases: ['t2'] },
    ],
    seatedPurchases: none,
  });
  assert.deepEqual(Object.fromEntries(plan.placed), { a: 0, c: 0, d: 0, b: 1 });
});

test('a late co-buyer (registered on XMTP after the others were seated) joins their section when it has room', () => {
  const seated = new Map([
    ['a', 2],
    ['other', 0],
  ]);
  const plan = assignSeats({
    sectionCount: 3,
    seatsPerSection: 2,
    seated,
    newcomers: [{ inbox: 'b', purchases: ['t1'] }],
    seatedPurchases: new Map([['t1', [2]]]),
  });
  assert.equal(plan.placed.get('b'), 2);

  const full = assignSeats({
    sectionCount: 3,
    seatsPerSection: 1,
    seated,
    newcomers: [{ inbox: 'b', purchases: ['t1'] }],
    seatedPurchases: new Map([['t1', [2]]]),
  });
  assert.equal(full.placed.get('b'), 1, 'no room beside the co-buyer: the section with room');
});

test('a refund frees the seat (the caller drops the seated inbox) and the first in line takes it; never more than the seats per section', () => {
  const seated = new Map([
    ['a', 0],
    ['b', 1],
  ]);
  const full = assignSeats({ sectionCount: 2, seatsPerSection: 1, seated, newcomers: ['c', 'd'].map(alone), seatedPurchases: none });
  assert.deepEqual(full.placed.size, 0);
  assert.deepEqual(full.waiting, ['c', 'd']);

  seated.delete('b');
  const freed = assignSeats({ sectionCount: 2, seatsPerSection: 1, seated, newcomers: ['c', 'd'].map(alone), seatedPurchases: none });
  assert.deepEqual(Object.fromEntries(freed.placed), { c: 1 });
  assert.deepEqual(freed.waiting, ['d']);
});

test('many random rounds: no section ever holds more than its seats, nobody waits beside a free seat', () => {
  let seed = 7;
  const random = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed % n;
  };
  for (let round = 0; round < 200; round++) {
    const sectionCount = 1 + random(6);
    const seatsPerSection = 1 + random(5);
    const seated = new Map<string, number>();
    for (let index = 0; index < random(sectionCount * seatsPerSection); index++) {
      const section = random(sectionCount);
      if (occupancy(sectionCount, seated)[section]! < seatsPerSection) seated.set(`s${index}`, section);
    }
    const newcomers = Array.from({ length: random(20) }, (_, index) => ({ inbox: `n${index}`, purchases: [`t${random(8)}`] }));
    const plan = assignSeats({ sectionCount, seatsPerSection, seated, newcomers, seatedPurchases: none });
    const counts = occupancy(sectionCount, seated, plan.placed);
    assert.ok(
      counts.every((count) => count <= seatsPerSection),
      `round ${round}: ${counts.join(',')}`,
    );
    if (plan.waiting.length > 0)
      assert.ok(
        counts.every((count) => count === seatsPerSection),
        `round ${round}: waiting beside a free seat`,
      );
    assert.equal(plan.placed.size + plan.waiting.length, newcomers.length);
  }
});

test('a stripe: one round’s newcomers share a section, a stripe at a time, so a block of buyers costs few commits', () => {
  const plan = assignSeats({
    sectionCount: 4,
    seatsPerSection: 10,
    stripe: 3,
    seated: none,
    newcomers: ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map(alone),
    seatedPurchases: none,
  });
  assert.deepEqual(Object.fromEntries(plan.placed), { a: 0, b: 0, c: 0, d: 1, e: 1, f: 1, g: 2 });
});

test('with a stripe, sections never drift further apart than the stripe, round after round, and all seats still fill', () => {
  const stripe = 4;
  const sectionCount = 5;
  const seatsPerSection = 40;
  const seated = new Map<string, number>();
  let next = 0;
  // Rounds of every size from 1 to 13 (a deterministic walk), until the event is full.
  for (let round = 0; seated.size < sectionCount * seatsPerSection; round++) {
    const size = 1 + ((round * 7) % 13);
    const newcomers = Array.from({ length: size }, () => alone(`h${next++}`));
    const plan = assignSeats({ sectionCount, seatsPerSection, stripe, seated, newcomers, seatedPurchases: none });
    for (const [inbox, section] of plan.placed) seated.set(inbox, section);
    const counts = occupancy(sectionCount, seated);
    const full = counts.filter((count) => count === seatsPerSection).length;
    if (full === 0) assert.ok(Math.max(...counts) - Math.min(...counts) <= stripe, `round ${round}: ${counts.join(', ')}`);
    if (seated.size < sectionCount * seatsPerSection) assert.deepEqual(plan.waiting, [], 'nobody waits while a seat is free');
  }
  assert.deepEqual(occupancy(sectionCount, seated), [40, 40, 40, 40, 40]);
});

test('the stripe is a twentieth of a section, and 1 (strictly evenly) for small sections', () => {
  assert.equal(seatingStripe(240), 12);
  assert.equal(seatingStripe(200), 10);
  assert.equal(seatingStripe(19), 1);
  assert.equal(seatingStripe(2), 1);
});
