import type { DockerContainer } from '../../sources/docker/docker-snapshot.js';
import type { Level } from './level.js';

/**
 * How a container's state reads: running and not unhealthy is ok; restarting, paused or
 * a starting healthcheck is a warning; a worker or service that is not running is a
 * failure. One-shot containers that exited 0 did their job.
 */
export function containerLevel(c: DockerContainer): Level {
  if (c.state === 'running') {
    if (c.health === 'unhealthy') return 'fail';
    if (c.health === 'starting') return 'warn';
    return 'ok';
  }
  if (c.state === 'restarting' || c.state === 'paused' || c.state === 'removing') return 'warn';
  if (c.role === 'one-shot' || c.role === 'job') return c.exitCode === 0 ? 'none' : 'fail';
  if (c.state === 'created') return 'unknown';
  return 'fail';
}
