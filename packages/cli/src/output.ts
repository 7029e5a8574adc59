import { describe } from './errors.ts';

/**
 * Where a command's output goes. Results go to stdout: one JSON document with `--json` (one per
 * line for streams), readable text otherwise. Progress goes to stderr, and only to a terminal and
 * without `--json`, so pipes and scripts see results alone.
 */
export interface Output {
  readonly json: boolean;
  /** A command's one result: `value` as JSON, or `text(value)` for people. */
  result<T>(value: T, text: (value: T) => string): void;
  /** One item of a stream (`chat tail`): a JSON line, or `text(value)`. */
  item<T>(value: T, text: (value: T) => string): void;
  /** "Buying a ticket…" on a terminal; nothing otherwise. */
  progress(message: string): void;
  /** A warning for people (stderr); JSON readers see it in the result instead, if it matters. */
  warn(message: string): void;
  /** shortMessage, then details, on stderr (a JSON error document with `--json`). */
  error(error: unknown, exitCode: number): void;
}

export function createOutput(options: { json: boolean; stdout?: NodeJS.WriteStream; stderr?: NodeJS.WriteStream }): Output {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const showProgress = !options.json && stderr.isTTY === true;
  return {
    json: options.json,
    result: (value, text) => stdout.write(`${options.json ? toJson(value, 2) : text(value)}\n`),
    item: (value, text) => stdout.write(`${options.json ? toJson(value) : text(value)}\n`),
    progress: (message) => {
      if (showProgress) stderr.write(`… ${message}\n`);
    },
    warn: (message) => {
      if (!options.json) stderr.write(`warning: ${message}\n`);
    },
    error: (error, exitCode) => {
      const { shortMessage, details } = describe(error);
      if (options.json) {
        stderr.write(`${toJson({ error: { message: shortMessage, ...(details ? { details } : {}), exitCode } })}\n`);
      } else {
        stderr.write(`error: ${shortMessage}\n${details ? `  details: ${details}\n` : ''}`);
      }
    },
  };
}

/** JSON with bigints as decimal strings (ids, wei, block numbers) and dates as ISO strings. */
export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), indent);
}
