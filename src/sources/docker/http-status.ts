/** How deep to follow `cause`: our errors wrap dockerode's once, AbortError once more. */
const MAX_CAUSES = 8;

/**
 * The HTTP status the Docker engine answered with: docker-modem's `statusCode`, on the
 * error itself or along its `cause` chain (toDockerError keeps dockerode's error as the
 * cause of the typed one). Null when the request got no answer (socket, DNS, timeout).
 * Read by type, never parsed out of a message: message wording is for people.
 */
export function httpStatus(error: unknown): number | null {
  let current = error;
  for (let depth = 0; depth < MAX_CAUSES; depth++) {
    if (typeof current !== 'object' || current === null) return null;
    if ('statusCode' in current && typeof current.statusCode === 'number') {
      return current.statusCode;
    }
    current = 'cause' in current ? current.cause : undefined;
  }
  return null;
}
