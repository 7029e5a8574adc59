/** An identity update the node refuses: malformed, out of order, or not signed by whom it must be. */
export class IdentityUpdateError extends Error {
  override name = 'IdentityUpdateError';
}
