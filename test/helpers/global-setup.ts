/** Vitest global setup: nothing shared yet; integration suites create their own databases. */
export function setup(): void {
  process.env.TZ ??= 'UTC';
}
