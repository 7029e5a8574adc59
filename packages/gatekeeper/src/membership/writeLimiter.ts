/**
 * XMTP limits each client's writes (3,000 per 5 minutes on the network). The agent counts its own
 * commits in a sliding window and waits for room instead of being refused, and when the network
 * refuses anyway (another installation of the same inbox, or a stricter node) it backs off
 * exponentially and tries again.
 */
export class WriteLimiter {
  private readonly times: number[] = [];

  constructor(
    private readonly limit: { writes: number; perMs: number },
    private readonly onWait: (info: { waitMs: number; reason: 'window' | 'refused'; attempt: number }) => void = () => {},
  ) {}

  writesInWindow(): number {
    this.prune(Date.now());
    return this.times.length;
  }

  /** Runs one write under the limit; retries it while the network says it is rate-limited. */
  async write<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      await this.acquire(signal);
      try {
        return await work();
      } catch (error) {
        if (!isRateLimited(error) || attempt >= MAX_REFUSALS) throw error;
        const waitMs = Math.min(BACKOFF_BASE_MS * 2 ** attempt, BACKOFF_MAX_MS);
        this.onWait({ waitMs, reason: 'refused', attempt });
        await sleep(waitMs, signal);
      }
    }
  }

  private async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = Date.now();
      this.prune(now);
      if (this.times.length < this.limit.writes) {
        this.times.push(now);
        return;
      }
      // One millisecond past the edge: a timer may fire a little early against Date.now().
      const waitMs = this.times[0]! + this.limit.perMs - now + 1;
      this.onWait({ waitMs, reason: 'window', attempt: 0 });
      await sleep(waitMs, signal);
    }
  }

  private prune(now: number): void {
    while (this.times.length > 0 && this.times[0]! <= now - this.limit.perMs) this.times.shift();
  }
}

const BACKOFF_BASE_MS = 1_000;
const BACKOFF_MAX_MS = 60_000;
const MAX_REFUSALS = 8;

/** gRPC RESOURCE_EXHAUSTED, HTTP 429 or a message saying so, as the SDK surfaces them. */
export function isRateLimited(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /rate.?limit|resource.?exhausted|too many requests|\b429\b/i.test(message);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
