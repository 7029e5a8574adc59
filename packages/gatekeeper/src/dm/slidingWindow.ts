/** At most `requests` per key in any `perMs` window: each inbox's join requests are limited this way. */
export class SlidingWindow {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly limit: { requests: number; perMs: number }) {}

  /** Counts a request; false when the key is over its limit (the request is not served). */
  allow(key: string, now = Date.now()): boolean {
    const recent = (this.hits.get(key) ?? []).filter((time) => time > now - this.limit.perMs);
    const allowed = recent.length < this.limit.requests;
    if (allowed) recent.push(now);
    this.hits.set(key, recent);
    // Keys whose window emptied are dropped, so the map does not grow with every inbox ever seen.
    if (this.hits.size > 10_000)
      for (const [k, times] of this.hits) if (times.every((t) => t <= now - this.limit.perMs)) this.hits.delete(k);
    return allowed;
  }
}
