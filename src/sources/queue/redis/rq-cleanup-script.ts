/**
 * Moves one in-flight job from the StartedJobRegistry to the FailedJobRegistry the way
 * rq's own abandoned-job handling does (`StartedJobRegistry.cleanup`, queues.md §1.3):
 * status `failed`, `exc_info` = the zlib-compressed reason (rq's `restore` decompresses
 * it, and falls back to plain text), ZREM from `rq:wip:<q>`, ZADD to `rq:failed:<q>` with
 * score now + failure_ttl (+inf for −1), and the job hash (plus its dependents and
 * dependencies sets) set to expire with its failed-registry entry, as
 * `job.cleanup(failure_ttl)` does; it never deletes anything. A Lua script is atomic, and
 * it re-checks the condition the plan was built on before writing, so a job that finished,
 * failed or was picked up again meanwhile is skipped. All reads come before the first
 * write, so an error cannot leave a half-moved job.
 *
 * The conditions, re-checked here:
 * - `stuck` (the snapshot's stuck rule for rq): the job's worker key is gone, or its
 *   `rq:wip` score is in the past.
 * - `dead-workers` (the core rule: the worker is `dead`): the job still names the same
 *   worker, and that worker's key is gone, or it is still busy with the very heartbeat
 *   that was judged too old (a worker that beat since, or came back, is alive).
 *
 * KEYS: [1] rq:wip:<q>  [2] rq:failed:<q>  [3] rq:job:<id>
 * ARGV: [1] wip member  [2] job id  [3] kind (`stuck` | `dead-workers`)
 *       [4] exc_info (compressed bytes)  [5] default failure ttl (s)
 *       [6] dead-workers: the worker judged dead  [7] dead-workers: the `last_heartbeat`
 *       it was judged on ('' when its key was already gone)
 * Returns { 1, 'moved' } or { 0, why-not }.
 */
export const RQ_CLEANUP_SCRIPT = String.raw`
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not score then return { 0, 'no longer in the started registry' } end
if redis.call('EXISTS', KEYS[3]) == 0 then return { 0, 'job hash is gone' } end
local h = redis.call('HMGET', KEYS[3], 'status', 'worker_name', 'failure_ttl')
local status = h[1]
if status and status ~= 'started' then return { 0, 'status is now ' .. status } end
local t = redis.call('TIME')
local now = tonumber(t[1])
local worker = h[2] or ''
local gone = false
if worker ~= '' then gone = redis.call('EXISTS', 'rq:worker:' .. worker) == 0 end
if ARGV[3] == 'dead-workers' then
  if worker ~= ARGV[6] then return { 0, 'the job names another worker now' } end
  if not gone then
    local w = redis.call('HMGET', 'rq:worker:' .. worker, 'state', 'last_heartbeat')
    if ARGV[7] == '' or w[1] ~= 'busy' or w[2] ~= ARGV[7] then
      return { 0, 'worker is alive (it beat again or came back)' }
    end
  end
elseif not (gone or tonumber(score) <= now) then
  return { 0, 'condition no longer holds (worker alive, heartbeat current)' }
end
local ttl = tonumber(ARGV[5])
if h[3] and h[3] ~= '' then ttl = tonumber(h[3]) or ttl end
local failedScore
if ttl < 0 then failedScore = '+inf' else failedScore = tostring(now + ttl) end
redis.call('HSET', KEYS[3], 'status', 'failed', 'exc_info', ARGV[4])
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], failedScore, ARGV[2])
if ttl > 0 then
  redis.call('EXPIRE', KEYS[3], ttl)
  redis.call('EXPIRE', KEYS[3] .. ':dependents', ttl)
  redis.call('EXPIRE', KEYS[3] .. ':dependencies', ttl)
end
return { 1, 'moved' }
`;
