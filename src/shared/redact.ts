/**
 * Secrets never reach the terminal or a log. Everything that builds a message from
 * outside text (URLs, driver errors) passes through here first.
 */

const registered = new Set<string>();

/** Remember a secret value (a password read from the environment) so it is masked everywhere. */
export function registerSecret(value: string | undefined): void {
  if (value !== undefined && value.length >= 3) registered.add(value);
}

/**
 * Remember the secrets inside a connection URL: its password (as written and decoded)
 * and a `password=` parameter. Not the whole URL: without a password, host and database
 * are no secret, and masking them would hide which database a line is about.
 */
export function registerUrlSecrets(url: string | undefined): void {
  if (url === undefined || url === '') return;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    // Not a URL (a config error follows): mask it whole rather than guess.
    registerSecret(url);
    return;
  }
  if (parsed.password !== '') {
    registerSecret(parsed.password);
    registerSecret(safeDecode(parsed.password));
  }
  const param = parsed.searchParams.get('password');
  if (param !== null) registerSecret(param);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
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
