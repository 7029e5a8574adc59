import { StoreUnavailableError } from '../../errors.ts';

/** Socket errors that mean the server could not be reached or the connection was cut. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a server that is there but will not serve: admin_shutdown, crash_shutdown,
 * cannot_connect_now, too_many_connections (class 08, connection exceptions, is matched whole).
 */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** What pg says, without a code, when a connection ends under a query or a connect times out. */
const LOST_CONNECTION = /^(Connection terminated|Client has encountered a connection error|timeout expired|Connection is closed)/;

/**
 * The error a store call throws: a Postgres that cannot be reached becomes StoreUnavailableError
 * (clients are told to retry); anything else, a bug or a constraint, is thrown as it is.
 */
export function storeError(error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof StoreUnavailableError) return error;
  const code = (error as { code?: unknown }).code;
  const unreachable =
    (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_STATES.has(code) || code.startsWith('08'))) ||
    LOST_CONNECTION.test(error.message);
  return unreachable ? new StoreUnavailableError({ cause: error }) : error;
}
