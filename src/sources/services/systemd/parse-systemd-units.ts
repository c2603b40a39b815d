import { SourceQueryError } from '../../../shared/errors.js';
import { parseShowBlocks } from './parse-show-blocks.js';
import { systemdUnitSchema, type SystemdUnit } from './systemd-unit-schema.js';

/** `systemctl show` output → validated units, in the order systemctl printed them. */
export function parseSystemdUnits(stdout: string): SystemdUnit[] {
  return parseShowBlocks(stdout).map((block) => {
    const parsed = systemdUnitSchema.safeParse(block);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? '' : ` ${issue.path.join('.')}: ${issue.message}`;
    throw new SourceQueryError(
      `unexpected systemctl show output for ${block.Id ?? 'a unit'}:${where} (report this with your systemd version)`,
      { cause: parsed.error },
    );
  });
}
