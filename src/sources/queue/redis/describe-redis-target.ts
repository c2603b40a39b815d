/** `redis://user@host:port/db` without the password, for headers and messages. */
export function describeRedisTarget(url: string): string {
  try {
    const u = new URL(url);
    const scheme = u.protocol.replace(/:$/, '') || 'redis';
    const user = u.username === '' ? '' : `${decodeURIComponent(u.username)}@`;
    const host = u.hostname || '127.0.0.1';
    const port = u.port || '6379';
    const db = u.pathname.replace(/^\//, '') || '0';
    return `${scheme}://${user}${host}:${port}/${db}`;
  } catch {
    return 'redis://?';
  }
}
