import { isIP } from 'node:net';
import { LimitExceededError } from '../errors.ts';
import type { NodeLimits } from './limits.ts';

/** The calls that store something, as xmtp-node-go's rate limiter classes them (its PUBLISH limit). */
const WRITE_METHODS = new Set([
  '/xmtp.mls.api.v1.MlsApi/SendGroupMessages',
  '/xmtp.mls.api.v1.MlsApi/SendWelcomeMessages',
  '/xmtp.mls.api.v1.MlsApi/UploadKeyPackage',
  '/xmtp.mls.api.v1.MlsApi/RegisterInstallation',
  '/xmtp.identity.api.v1.IdentityApi/PublishIdentityUpdate',
]);

type Kind = 'read' | 'write';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export type RateLimits = Pick<NodeLimits, 'readsPerWindow' | 'writesPerWindow' | 'rateWindowMs' | 'rateLimitAllowList'>;

/**
 * Per-client token buckets like xmtp.network's: each client address may spend a window's worth of
 * reads and of writes at once, refilled evenly over the window; past that a call is
 * RESOURCE_EXHAUSTED. A batch write costs one token per message. Addresses on the allow-list
 * (loopback by default: the local stack's own agent, tests and benchmarks) are never limited.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep = Date.now();

  constructor(
    private readonly limits: RateLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Charges one call; throws LimitExceededError when the client's bucket cannot pay for it. */
  spend(clientAddress: string, path: string, request: unknown): void {
    if (isAllowed(clientAddress, this.limits.rateLimitAllowList)) return;
    const kind: Kind = WRITE_METHODS.has(path) ? 'write' : 'read';
    const messages = (request as { messages?: unknown[] } | undefined)?.messages;
    const cost = kind === 'write' && Array.isArray(messages) ? Math.max(1, messages.length) : 1;
    const capacity = kind === 'write' ? this.limits.writesPerWindow : this.limits.readsPerWindow;
    const now = this.now();
    this.sweep(now);
    const key = `${kind} ${clientAddress}`;
    const bucket = this.buckets.get(key) ?? { tokens: capacity, updatedAt: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.updatedAt) * capacity) / this.limits.rateWindowMs);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < cost) {
      throw new LimitExceededError(
        `rate limit: ${clientAddress} may make ${capacity} ${kind}s per ${this.limits.rateWindowMs / 1000} s; try again later`,
      );
    }
    bucket.tokens -= cost;
  }

  /** Forgets buckets idle for a whole window: they are full again, the same as no bucket. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.limits.rateWindowMs) return;
    this.lastSweep = now;
    for (const [key, bucket] of this.buckets) if (now - bucket.updatedAt >= this.limits.rateWindowMs) this.buckets.delete(key);
  }
}

function isAllowed(address: string, allowList: string[]): boolean {
  const plain = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  return allowList.some((entry) => (entry === 'loopback' ? plain === '::1' || plain.startsWith('127.') : entry === plain));
}
