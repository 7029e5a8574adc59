import assert from 'node:assert/strict';
import { test } from 'node:test';
import Long from 'long';
import { toPageRequest, toPagingInfo } from '../../src/api/paging.ts';
import { mlsApi } from '../../src/protocol/codecs.ts';

const { SORT_DIRECTION_ASCENDING: ASC, SORT_DIRECTION_DESCENDING: DESC, SORT_DIRECTION_UNSPECIFIED: UNSPECIFIED } = mlsApi.SortDirection;
const paging = (direction: number, limit: number, cursor = 0) => ({ direction, limit, idCursor: Long.fromNumber(cursor, true) });

test('direction is ascending only when asked for', () => {
  assert.equal(toPageRequest(paging(ASC, 10)).direction, 'ascending');
  assert.equal(toPageRequest(paging(DESC, 10)).direction, 'descending');
  assert.equal(toPageRequest(paging(UNSPECIFIED, 10)).direction, 'descending');
  assert.equal(toPageRequest(undefined).direction, 'descending');
});

test('a limit outside 1..100 means 100', () => {
  assert.equal(toPageRequest(paging(ASC, 0)).limit, 100);
  assert.equal(toPageRequest(paging(ASC, 101)).limit, 100);
  assert.equal(toPageRequest(paging(ASC, 1)).limit, 1);
  assert.equal(toPageRequest(paging(ASC, 100, 42)).cursor, 42n);
});

test('the cursor to continue from is set only on a full page', () => {
  const page = { direction: 'ascending' as const, limit: 2, cursor: 0n };
  assert.equal(toPagingInfo(page, [5n, 9n]).idCursor.toString(), '9');
  assert.equal(toPagingInfo(page, [5n]).idCursor.toString(), '0');
  assert.equal(toPagingInfo(page, []).idCursor.toString(), '0');
});
