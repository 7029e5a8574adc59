import { mlsApi, type MlsApi } from '../protocol/codecs.ts';
import { toBigInt, toLong } from '../protocol/longs.ts';
import type { PageRequest } from '../store/types.ts';

/** xmtp-node-go's page size; clients stop paging at the first page shorter than this. */
export const MAX_PAGE_SIZE = 100;

/**
 * xmtp-node-go's paging rules, which clients depend on exactly: ascending only when asked for,
 * otherwise descending; a limit outside 1..100 means 100.
 */
export function toPageRequest(paging: MlsApi.PagingInfo | undefined): PageRequest {
  const limit = paging && paging.limit >= 1 && paging.limit <= MAX_PAGE_SIZE ? paging.limit : MAX_PAGE_SIZE;
  const ascending = paging?.direction === mlsApi.SortDirection.SORT_DIRECTION_ASCENDING;
  return { direction: ascending ? 'ascending' : 'descending', limit, cursor: paging ? toBigInt(paging.idCursor) : 0n };
}

/** The cursor to continue from is the last id only when the page came back full; else 0 (done). */
export function toPagingInfo(page: PageRequest, ids: bigint[]): MlsApi.PagingInfo {
  const last = ids.at(-1);
  return {
    direction:
      page.direction === 'ascending' ? mlsApi.SortDirection.SORT_DIRECTION_ASCENDING : mlsApi.SortDirection.SORT_DIRECTION_DESCENDING,
    limit: page.limit,
    idCursor: toLong(ids.length === page.limit && last !== undefined ? last : 0n),
  };
}
