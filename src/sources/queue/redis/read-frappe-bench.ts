import { readdir, readFile, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import type { FrappeSchedulerState } from './frappe-scheduler-state.js';

export interface FrappeBench {
  /** `bench_id` from common_site_config.json, else derived from the bench path like Frappe does. */
  readonly benchId: string;
  readonly scheduler: readonly FrappeSchedulerState[];
}

type Conf = Record<string, unknown>;

async function readJson(path: string): Promise<Conf | null> {
  try {
    const value: unknown = JSON.parse(await readFile(path, 'utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Conf)
      : null;
  } catch {
    return null;
  }
}

const truthy = (v: unknown): boolean => v === true || v === 1 || v === '1' || v === 'true';

/**
 * Reads what a bench's config files say (queues.md §2): the bench id
 * (`get_bench_id`: conf.bench_id, else the real bench path with `/` → `-`, outer `-`
 * stripped) and, per site, whether the scheduler is held by config: `maintenance_mode`,
 * `pause_scheduler` or `disable_scheduler` (site config over common config). System
 * Settings › Enable Scheduler lives in the site's database and is not read here.
 * Returns null when the path is not a bench (no sites/ directory).
 */
export async function readFrappeBench(benchPath: string): Promise<FrappeBench | null> {
  let root: string;
  let names: string[];
  try {
    root = await realpath(benchPath);
    names = await readdir(join(root, 'sites'));
  } catch {
    return null;
  }
  const common = (await readJson(join(root, 'sites', 'common_site_config.json'))) ?? {};
  const configured = common.bench_id;
  const benchId =
    typeof configured === 'string' && configured !== ''
      ? configured
      : root.replaceAll('/', '-').replace(/^-+|-+$/g, '');
  const scheduler: FrappeSchedulerState[] = [];
  for (const site of names.sort()) {
    const own = await readJson(join(root, 'sites', site, 'site_config.json'));
    if (own === null) continue;
    const conf = { ...common, ...own };
    if (truthy(conf.maintenance_mode)) {
      scheduler.push({ site, state: 'maintenance', detail: 'maintenance_mode is set' });
    } else if (truthy(conf.pause_scheduler)) {
      scheduler.push({ site, state: 'paused', detail: 'pause_scheduler is set' });
    } else if (truthy(conf.disable_scheduler)) {
      scheduler.push({ site, state: 'disabled', detail: 'disable_scheduler is set' });
    } else {
      scheduler.push({
        site,
        state: 'enabled',
        detail: 'not held by config (System Settings › Enable Scheduler is in the database)',
      });
    }
  }
  return { benchId, scheduler };
}
