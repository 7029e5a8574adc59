/**
 * Server timestamps in Unix nanoseconds that never repeat or go backwards within a process, so
 * clients that sort by `created_ns` get a deterministic order (they use it as `sentAtNs`).
 */
export function createNanoClock(now: () => number = Date.now): () => bigint {
  let last = 0n;
  return () => {
    const ns = BigInt(now()) * 1_000_000n;
    last = ns > last ? ns : last + 1n;
    return last;
  };
}
