/** Bytes a client sent that do not hold what they claim: the node answers INVALID_ARGUMENT. */
export class MlsValidationError extends Error {
  override name = 'MlsValidationError';
}
