export interface TerminalStyle {
  /** Colours on (else a plain palette: bold, dim and inverse only). */
  readonly color: boolean;
  /** ASCII borders, sparklines and chart lines. */
  readonly ascii: boolean;
}

/**
 * `NO_COLOR` (any non-empty value) and `--no-color` give a plain palette; `TERM=dumb`
 * also gives ASCII, like `--ascii`. https://no-color.org
 */
export function terminalStyle(
  flags: { readonly color: boolean; readonly ascii: boolean },
  env: Readonly<Record<string, string | undefined>>,
): TerminalStyle {
  const dumb = env.TERM === 'dumb';
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return { color: flags.color && !noColor && !dumb, ascii: flags.ascii || dumb };
}
