import { userMessage } from '../lib/errors.ts';

/** A failure as people see it: its one-sentence `shortMessage`, announced; nothing when there is none. */
export function ErrorMessage({ error, prefix }: { error: unknown; prefix?: string }) {
  if (!error) return null;
  return (
    <p role="alert" className="error">
      {prefix}
      {userMessage(error)}
    </p>
  );
}
