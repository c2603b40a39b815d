/** The two systemd tools the provider runs. */
export type SystemctlCommand = 'systemctl' | 'journalctl';

/** What one run printed: `code` is the exit status, null when it was killed (a timeout). */
export interface SystemctlResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `systemctl` or `journalctl` with arguments, never through a shell. Injectable so the
 * provider can be tested on recorded output where systemd is not PID 1. A non-zero exit is
 * a result, not a rejection: the provider reads stderr to say why. Rejects only when the
 * tool cannot be run at all (not installed) or the signal aborts it.
 */
export type SystemctlRunner = (
  command: SystemctlCommand,
  args: readonly string[],
  signal?: AbortSignal,
) => Promise<SystemctlResult>;
