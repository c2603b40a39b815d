import type { RestartTarget } from '../sources/docker/restart-plan.js';
import { formatAge } from '../shared/format-age.js';

/** The Docker call a target's restart makes, as the preview shows it. */
export function restartCall(target: RestartTarget): string {
  return `POST /containers/${target.id.slice(0, 12)}/restart?t=${target.stopTimeoutSeconds}  # ${target.name} (${target.state}): SIGTERM, SIGKILL after ${formatAge(target.stopTimeoutSeconds)}`;
}
