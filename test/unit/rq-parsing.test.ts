import { describe, expect, it } from 'vitest';
import { describeRqJob } from '../../src/sources/queue/redis/describe-rq-job.js';
import { describeRedisTarget } from '../../src/sources/queue/redis/describe-redis-target.js';
import { parseFrappeJobId } from '../../src/sources/queue/redis/frappe-job-id.js';
import { parseRqDescription } from '../../src/sources/queue/redis/parse-rq-description.js';
import { parseRqTimestamp } from '../../src/sources/queue/redis/parse-rq-timestamp.js';

describe('parseRqTimestamp (rq utcformat %Y-%m-%dT%H:%M:%S.%fZ)', () => {
  it('reads UTC with microseconds', () => {
    expect(parseRqTimestamp('2024-10-16T10:20:30.123456Z')).toBe(
      Date.UTC(2024, 9, 16, 10, 20, 30) + 123.456,
    );
  });
  it('pads short fractions the way %f does and accepts none', () => {
    expect(parseRqTimestamp('2024-10-16T10:20:30.5Z')).toBe(Date.UTC(2024, 9, 16, 10, 20, 30, 500));
    expect(parseRqTimestamp('2024-10-16T10:20:30Z')).toBe(Date.UTC(2024, 9, 16, 10, 20, 30));
  });
  it('is never a local time, whatever TZ says', () => {
    expect(new Date(parseRqTimestamp('2024-01-01T00:00:00.000000Z') ?? 0).toISOString()).toBe(
      '2024-01-01T00:00:00.000Z',
    );
  });
  it('is null for the empty string rq writes for unset fields, and for garbage', () => {
    expect(parseRqTimestamp('')).toBeNull();
    expect(parseRqTimestamp(null)).toBeNull();
    expect(parseRqTimestamp('yesterday')).toBeNull();
    expect(parseRqTimestamp('2024-10-16 10:20:30')).toBeNull();
  });
});

describe('Frappe job ids', () => {
  it('takes the site from v15 (::) and v16 (||) job ids', () => {
    expect(parseFrappeJobId('site1.local::0b7c')).toEqual({
      site: 'site1.local',
      rest: '0b7c',
      scheduledMethod: null,
    });
    expect(parseFrappeJobId('erp.example.com||a|b')).toEqual({
      site: 'erp.example.com',
      rest: 'a|b',
      scheduledMethod: null,
    });
  });
  it('takes the method from scheduler job ids in both spellings', () => {
    expect(parseFrappeJobId('s::scheduled_job::frappe.email.queue.flush')).toEqual({
      site: 's',
      rest: 'scheduled_job::frappe.email.queue.flush',
      scheduledMethod: 'frappe.email.queue.flush',
    });
    expect(parseFrappeJobId('s||scheduled_job||frappe.email.queue.flush').scheduledMethod).toBe(
      'frappe.email.queue.flush',
    );
  });
  it('names no site for a plain uuid (v13, v14 without job_id)', () => {
    expect(parseFrappeJobId('3f2a9c1e-8d7b-4c6a-9e5f-1a2b3c4d5e6f')).toMatchObject({
      site: null,
      scheduledMethod: null,
    });
  });
});

describe('parseRqDescription (get_call_string, kwargs sorted, reprs cut at 75)', () => {
  const frappe =
    "frappe.utils.background_jobs.execute_job(event=None, is_async=True, job_name='erpnext.stock.reorder', kwargs={'method': 'nope'}, method='erpnext.stock.reorder_item', site='site1.local', user='Administrator')";
  it('reads the function, and Frappe’s method and site arguments', () => {
    expect(parseRqDescription(frappe)).toEqual({
      func: 'frappe.utils.background_jobs.execute_job',
      site: 'site1.local',
      method: 'erpnext.stock.reorder_item',
    });
  });
  it('falls back to job_name when method is a function repr', () => {
    const d = frappe.replace(
      "method='erpnext.stock.reorder_item'",
      'method=<function reorder_item at 0x7f00>',
    );
    expect(parseRqDescription(d).method).toBe('erpnext.stock.reorder');
  });
  it('ignores a value cut short by the 75-character limit', () => {
    expect(parseRqDescription("f(site='a-very-long-site-name...)").site).toBeNull();
  });
  it('reads plain rq calls', () => {
    expect(parseRqDescription("app.tasks.send_mail(42, to='x@example.com')")).toEqual({
      func: 'app.tasks.send_mail',
      site: null,
      method: null,
    });
    expect(parseRqDescription('')).toEqual({ func: null, site: null, method: null });
  });
  it('prefers the id prefix for the site and the description for the method', () => {
    expect(describeRqJob('site9::x', frappe, true)).toEqual({
      site: 'site9',
      method: 'erpnext.stock.reorder_item',
    });
    expect(describeRqJob('uuid', frappe, true)).toEqual({
      site: 'site1.local',
      method: 'erpnext.stock.reorder_item',
    });
    expect(describeRqJob('site9::x', frappe, false)).toEqual({
      site: null,
      method: 'frappe.utils.background_jobs.execute_job',
    });
  });
});

describe('describeRedisTarget', () => {
  it('drops the password and fills defaults', () => {
    expect(describeRedisTarget('redis://:hunter22@cache.internal/2')).toBe(
      'redis://cache.internal:6379/2',
    );
    expect(describeRedisTarget('rediss://frappe:pw@10.0.0.5:6380')).toBe(
      'rediss://frappe@10.0.0.5:6380/0',
    );
    expect(describeRedisTarget('not a url')).toBe('redis://?');
  });
});
