/**
 * Secrets never reach the terminal or a log. Everything that builds a message from
 * outside text (URLs, driver errors) passes through here first.
 */

const registered = new Set<string>();

/** Remember a secret value (a password read from the environment) so it is masked everywhere. */
export function registerSecret(value: string | undefined): void {
  if (value !== undefined && value.length >= 3) registered.add(value);
}

/** `scheme://user:password@host` → `scheme://user:***@host`, plus registered secrets. */
export function redactSecrets(text: string): string {
  let out = text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)([^@\s]+)(@)/gi, '$1***$3');
  out = out.replace(/(password=)([^&\s]+)/gi, '$1***');
  for (const secret of registered) {
    if (out.includes(secret)) out = out.split(secret).join('***');
  }
  return out;
}

/** A URL with its password masked, for display (e.g. the status header). */
export function redactUrl(url: string): string {
  return redactSecrets(url);
}
