import { InvalidArgumentError } from 'commander';

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3_600, d: 86_400 };

/**
 * A point in time as unix seconds: an ISO 8601 date-time (`2026-12-01T20:00:00Z`), or an offset
 * from now (`+90m`, `+2h`, `+1d`, `-5m` for an event already under way).
 */
export function parseWhen(value: string, now: Date = new Date()): bigint {
  const relative = /^([+-])(\d+)([smhd])$/.exec(value);
  if (relative) {
    const seconds = Number(relative[2]) * UNITS[relative[3]!]! * (relative[1] === '-' ? -1 : 1);
    return BigInt(Math.floor(now.getTime() / 1000) + seconds);
  }
  const time = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(time)) {
    throw new InvalidArgumentError('expected an ISO date-time (2026-12-01T20:00:00Z) or an offset like +2h');
  }
  return BigInt(Math.floor(time / 1000));
}

/** A duration in seconds: `90m`, `2h`, `1d`, `45s`. */
export function parseDuration(value: string): bigint {
  const match = /^(\d+)([smhd])$/.exec(value);
  if (!match) throw new InvalidArgumentError('expected a duration like 90m, 2h or 1d');
  return BigInt(Number(match[1]) * UNITS[match[2]!]!);
}
