/**
 * The V8 flags the CLI restarts itself with (src/cli.ts), chosen by the command: V8 reads
 * its heap and compiler settings only at start-up. Measured in bench/README.md (issue 14).
 *
 * - Every command: a 1 MiB young generation instead of up to 16 MiB, and the compiler's
 *   size-over-speed mode.
 * - No optimising compilers (TurboFan, Maglev): their code is the largest part of the
 *   node binary that jobdeck would otherwise touch, 9 MB of the monitor's RSS, and the
 *   dashboard's CPU was the same without them (3.4 % against 3.8 % of a core, 60 s runs);
 *   a fleet view of 10 hosts × 30 containers pays 6 points of a core for 100 MB less.
 * - The commands that mostly wait (a check a minute, one report and exit) also go without
 *   Sparkplug, the baseline compiler: 1.5 MB more, and nothing they run is hot.
 * - `serve` keeps every compiler: it renders a dashboard per viewer, and there CPU per
 *   viewer counts more than 10 MB.
 * WebAssembly (Yoga under Ink, ssh2, fetch) keeps its own compilers in every case.
 */
export const LEAN_FLAGS: readonly string[] = ['--max-semi-space-size=1', '--optimize-for-size'];
export const NO_OPTIMISER_FLAGS: readonly string[] = ['--no-opt', '--no-maglev'];
export const INTERPRETER_FLAGS: readonly string[] = [...NO_OPTIMISER_FLAGS, '--no-sparkplug'];

const WAITING_COMMANDS = new Set([
  'status',
  'doctor',
  'cleanup',
  'restart',
  'monitor',
  'pause',
  'resume',
  'alert',
  'silence',
  'history',
]);

/** The program's options that take a value, so that value is not read as the command. */
const VALUE_OPTIONS = new Set(['-c', '--config', '-t', '--target', '-i', '--interval']);

/**
 * Pure: the command `args` (argv after the script) runs, as far as it can be told before
 * the parser loads: the first word that is neither an option nor an option's value;
 * `dash` (the default command) when there is none. A wrong guess only costs speed or
 * memory, never behaviour.
 */
export function commandOf(args: readonly string[]): string {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (VALUE_OPTIONS.has(arg)) i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return 'dash';
}

/** Pure: the flags to restart with for these arguments. */
export function nodeFlagsFor(args: readonly string[]): readonly string[] {
  const command = commandOf(args);
  if (command === 'serve') return LEAN_FLAGS;
  return [
    ...LEAN_FLAGS,
    ...(WAITING_COMMANDS.has(command) ? INTERPRETER_FLAGS : NO_OPTIMISER_FLAGS),
  ];
}
