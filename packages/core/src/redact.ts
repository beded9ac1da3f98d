/**
 * Secrets (tokens) never reach a message: an API error body or an exception that echoes the token
 * is printed with the token replaced. Values too short to be a credential are left alone, so that
 * redacting an empty or one-letter variable cannot garble every message.
 */

/** Shorter values are not treated as secrets (GitHub tokens are 40 characters and more). */
export const MIN_SECRET_LENGTH = 8;

export const REDACTED = "***";

/** `text` with every occurrence of each secret replaced by ***. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= MIN_SECRET_LENGTH) out = out.split(secret).join(REDACTED);
  }
  return out;
}
