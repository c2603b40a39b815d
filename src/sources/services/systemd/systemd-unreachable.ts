import { SourceUnreachableError } from '../../../shared/errors.js';

/**
 * Pure: the error for a systemctl that could not talk to systemd at all, or null when
 * `stderr` says something else. Without systemd as PID 1 (a container, WSL without
 * systemd, this project's test machine) systemctl prints "System has not been booted with
 * systemd as init system (PID 1)" then "Failed to connect to bus: Host is down"; with
 * `--user` and no user manager (no login session, no lingering) it prints only "Failed to
 * connect to bus: No medium found" (or "$DBUS_SESSION_BUS_ADDRESS and $XDG_RUNTIME_DIR
 * not defined").
 */
export function systemdUnreachable(stderr: string, user: boolean): SourceUnreachableError | null {
  const notBooted = /has not been booted with systemd/i.test(stderr);
  const noBus =
    /Failed to connect to (the )?bus|\$DBUS_SESSION_BUS_ADDRESS and \$XDG_RUNTIME_DIR/i.test(
      stderr,
    );
  if (notBooted || (noBus && !user)) {
    return new SourceUnreachableError(
      'systemd is not running here (PID 1 is not systemd): use services.processes or services.supervisor instead',
    );
  }
  if (noBus) {
    return new SourceUnreachableError(
      'no systemd user session bus for this user (log in, or run `loginctl enable-linger <user>` so systemd --user keeps running)',
    );
  }
  return null;
}
