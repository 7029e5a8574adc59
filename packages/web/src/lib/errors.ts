/**
 * Errors as the app shows them: the one sentence a library put in `shortMessage` (viem, our
 * contracts and chat errors all carry one), while the details go to the console as a warning, so a
 * failure the user is told about is not also reported as a page error.
 */
export function userMessage(error: unknown): string {
  if (error instanceof Error) {
    const short = (error as { shortMessage?: unknown }).shortMessage;
    return typeof short === 'string' && short ? short : (error.message.split('\n')[0] ?? error.name);
  }
  return String(error);
}

export function logFailure(context: string, error: unknown): void {
  const details = error instanceof Error ? ((error as { details?: unknown }).details ?? error.message) : String(error);
  console.warn(`[ticketchat] ${context}: ${userMessage(error)}`, { details, error });
}
