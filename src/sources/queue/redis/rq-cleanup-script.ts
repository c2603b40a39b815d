/**
 * Moves one orphaned job from the StartedJobRegistry to the FailedJobRegistry the way
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
 * KEYS: [1] rq:wip:<q>  [2] rq:failed:<q>  [3] rq:job:<id>
 * ARGV: [1] wip member  [2] job id  [3] kind (`stuck` | `dead-workers`)
 *       [4] exc_info (compressed bytes)  [5] default failure ttl (s)
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
local worker = h[2]
local gone = false
if worker and worker ~= '' then gone = redis.call('EXISTS', 'rq:worker:' .. worker) == 0 end
local lapsed = tonumber(score) <= now
local holds
if ARGV[3] == 'dead-workers' then holds = gone else holds = gone or lapsed end
if not holds then return { 0, 'condition no longer holds (worker alive, heartbeat current)' } end
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
