/** Whether to colour output: a terminal, no NO_COLOR, no --no-color, TERM not dumb. */
export function useColor(
  stream: NodeJS.WriteStream,
  flag: boolean | undefined,
  env = process.env,
): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY;
}
