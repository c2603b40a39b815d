import { parseDuration } from '../config/duration.js';
import { ConfigError } from '../shared/errors.js';
import { HealingPause } from '../actions/healing/healing-pause.js';

/** `jobdeck pause [--for 30m]`: a running monitor skips self-healing until then (alerts go on). */
export function pauseCommand(duration: string | undefined): number {
  const ms = duration === undefined ? Number.POSITIVE_INFINITY : parseDuration(duration);
  if (ms === null || ms <= 0)
    throw new ConfigError(`--for ${duration ?? ''}: expected a duration like 30m or 2h`);
  const until = Date.now() + ms;
  new HealingPause().pause(until);
  process.stdout.write(
    `self-healing paused ${Number.isFinite(until) ? `until ${new Date(until).toISOString()}` : 'until jobdeck resume'}\n`,
  );
  return 0;
}

/** `jobdeck resume`: end the pause. */
export function resumeCommand(): number {
  new HealingPause().resume();
  process.stdout.write('self-healing resumed\n');
  return 0;
}
