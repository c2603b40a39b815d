import { readCmdline } from '../proc/read-cmdline.js';
import { readProcStat } from '../proc/read-proc-stat.js';
import type { DiscoveredProcess } from './discovered-process.js';
import { expandGlob } from './expand-glob.js';
import { isLiveProcess } from './is-live-process.js';
import { pidFileName } from './pid-file-name.js';
import { readPidFile } from './read-pid-file.js';
import { trailingNumber } from './trailing-number.js';

/**
 * One instance per pid file matching `pattern`: id = the file's path (stable across
 * restarts: the respawned process writes the same file), name = its basename without
 * `.pid`, number = the name's trailing number.
 */
export async function findPidFileProcesses(
  pattern: string,
  procRoot: string,
): Promise<DiscoveredProcess[]> {
  const found: DiscoveredProcess[] = [];
  for (const path of await expandGlob(pattern)) {
    const name = pidFileName(path);
    const base = { id: path, name, number: trailingNumber(name) };
    const content = await readPidFile(path);
    if (!content.ok) {
      found.push({ ...base, stat: null, cmdline: null, stalePid: null, problem: content.reason });
      continue;
    }
    const stat = readProcStat(content.pid, procRoot);
    const live = isLiveProcess(stat);
    found.push({
      ...base,
      stat: live ? stat : null,
      cmdline: live ? readCmdline(content.pid, procRoot) : null,
      stalePid: live ? null : content.pid,
      problem: null,
    });
  }
  return found;
}
