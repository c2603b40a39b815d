/**
 * Alert channels against real servers started here: an HTTP receiver on 127.0.0.1
 * (fails twice then accepts; never answers; refuses with 404) and an SMTP server from
 * `smtp-server` (STARTTLS with its built-in self-signed certificate and AUTH; and plain
 * SMTP with STARTTLS disabled). Plus the JSONL log file, the console stream, a failing
 * channel beside working ones, and the test alert on every channel.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/actions/alerts/alert-event.js';
import type { AlertChannel } from '../../src/actions/alerts/channels/alert-channel.js';
import { consoleChannel } from '../../src/actions/alerts/channels/console-channel.js';
import { dispatchAlerts } from '../../src/actions/alerts/channels/dispatch-alerts.js';
import {
  emailChannel,
  type EmailChannelOptions,
} from '../../src/actions/alerts/channels/email-channel.js';
import { logFileChannel } from '../../src/actions/alerts/channels/log-file-channel.js';
import { webhookChannel } from '../../src/actions/alerts/channels/webhook-channel.js';
import { sendTestAlert } from '../../src/actions/alerts/send-test-alert.js';
import { startHttpReceiver } from '../helpers/alert-http-receiver.js';
import { startSmtpReceiver } from '../helpers/alert-smtp-receiver.js';

const dir = mkdtempSync(join(tmpdir(), 'jobdeck-alert-channels-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const T0 = Date.UTC(2025, 0, 15, 10, 0, 0);
const firing: AlertEvent = {
  kind: 'firing',
  ruleId: 'worker-not-running',
  subject: 'qfieldcloud-worker_wrapper-1',
  severity: 'critical',
  summary: 'worker qfieldcloud-worker_wrapper-1 is exited (exit 137)',
  target: 'prod',
  at: T0 + 120_000,
  since: T0,
  repeat: false,
};
const resolved: AlertEvent = { ...firing, kind: 'resolved', at: T0 + 600_000 };
const signal = (): AbortSignal => new AbortController().signal;

describe('webhook channel', () => {
  it('retries with backoff: fails twice, then delivered on the third attempt', async () => {
    const receiver = await startHttpReceiver((n, _req, res) => {
      res.writeHead(n <= 2 ? 503 : 200, { 'content-type': 'text/plain' });
      res.end(n <= 2 ? 'busy' : 'ok');
    });
    try {
      const channel = webhookChannel({
        url: receiver.url,
        timeoutMs: 2000,
        retries: 3,
        backoffMs: 50,
      });
      const delivery = await channel.send([firing], signal());
      expect(delivery).toEqual({ detail: 'HTTP 200', attempts: 3 });
      expect(receiver.requests).toHaveLength(3);
      // Backoff doubles: ≥ 50 ms before the 2nd attempt, ≥ 100 ms before the 3rd.
      const [a, b, c] = receiver.requests.map((r) => r.at);
      expect((b ?? 0) - (a ?? 0)).toBeGreaterThanOrEqual(45);
      expect((c ?? 0) - (b ?? 0)).toBeGreaterThanOrEqual(95);
      const last = receiver.requests[2];
      expect(last?.method).toBe('POST');
      expect(last?.headers['content-type']).toBe('application/json');
      const body = JSON.parse(last?.body ?? '{}') as { text: string; alerts: unknown[] };
      expect(body.text).toBe(
        'CRITICAL worker-not-running qfieldcloud-worker_wrapper-1: worker qfieldcloud-worker_wrapper-1 is exited (exit 137) [target prod]\n',
      );
      expect(body.alerts).toEqual([
        {
          kind: 'firing',
          severity: 'critical',
          rule: 'worker-not-running',
          subject: 'qfieldcloud-worker_wrapper-1',
          summary: 'worker qfieldcloud-worker_wrapper-1 is exited (exit 137)',
          target: 'prod',
          at: '2025-01-15T10:02:00.000Z',
          since: '2025-01-15T10:00:00.000Z',
          repeat: false,
        },
      ]);
    } finally {
      await receiver.close();
    }
  });

  it('times out a receiver that never answers, retries, then reports without the token', async () => {
    const receiver = await startHttpReceiver(() => {
      // Never answers.
    });
    try {
      const channel = webhookChannel({
        url: receiver.url,
        timeoutMs: 200,
        retries: 1,
        backoffMs: 10,
      });
      const started = Date.now();
      const error = await channel.send([firing], signal()).then(
        () => null,
        (e: unknown) => e,
      );
      const elapsed = Date.now() - started;
      expect(error).toMatchObject({ name: 'AlertChannelError', channel: 'webhook', attempts: 2 });
      expect((error as Error).message).toBe(
        `webhook ${new URL(receiver.url).origin}/***: no answer within 200 ms after 2 attempt(s); check that the receiver is up`,
      );
      expect((error as Error).message).not.toContain('SECRET-TOKEN');
      expect(receiver.requests).toHaveLength(2);
      expect(elapsed).toBeGreaterThanOrEqual(400);
      expect(elapsed).toBeLessThan(2000);
    } finally {
      await receiver.close();
    }
  });

  it('does not retry a 404 (a wrong URL does not get better)', async () => {
    const receiver = await startHttpReceiver((_n, _req, res) => {
      res.writeHead(404);
      res.end('no_service');
    });
    try {
      const channel = webhookChannel({
        url: receiver.url,
        timeoutMs: 1000,
        retries: 3,
        backoffMs: 10,
      });
      await expect(channel.send([firing], signal())).rejects.toThrow(
        /HTTP 404 no_service; check the URL/,
      );
      expect(receiver.requests).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  it('reports a refused connection after its retries', async () => {
    const receiver = await startHttpReceiver(() => undefined);
    const url = receiver.url;
    await receiver.close();
    const channel = webhookChannel({ url, timeoutMs: 500, retries: 1, backoffMs: 10 });
    await expect(channel.send([firing], signal())).rejects.toThrow(
      /connection refused after 2 attempt/,
    );
  });
});

describe('email channel (smtp-server)', () => {
  const base = (port: number): EmailChannelOptions => ({
    host: '127.0.0.1',
    port,
    secure: false,
    requireTls: true,
    // smtp-server's built-in certificate is self-signed (and not for 127.0.0.1).
    insecureTls: true,
    user: 'alerts',
    password: 'smtp-Pa55word',
    from: 'jobdeck@example.com',
    to: ['ops@example.com', 'oncall@example.com'],
    subjectPrefix: '[jobdeck]',
    timeoutMs: 5000,
  });

  it('delivers over STARTTLS with AUTH: subject and body arrive', async () => {
    const smtp = await startSmtpReceiver({ users: { alerts: 'smtp-Pa55word' } });
    try {
      const delivery = await emailChannel(base(smtp.port)).send([firing, resolved], signal());
      expect(delivery.detail).toMatch(/^250 .*\(to ops@example.com, oncall@example.com\)$/);
      expect(smtp.mails).toHaveLength(1);
      const mail = smtp.mails[0];
      expect(mail).toMatchObject({
        from: 'jobdeck@example.com',
        to: ['ops@example.com', 'oncall@example.com'],
        secure: true,
        user: 'alerts',
        subject: '[jobdeck] 1 critical, 1 resolved [target prod]',
      });
      expect(mail?.text).toContain(
        'CRITICAL worker-not-running qfieldcloud-worker_wrapper-1: worker qfieldcloud-worker_wrapper-1 is exited (exit 137) [target prod]',
      );
      expect(mail?.text).toContain(
        'RESOLVED (after 10m) worker-not-running qfieldcloud-worker_wrapper-1',
      );
    } finally {
      await smtp.close();
    }
  });

  it('plain SMTP when STARTTLS is off on both sides (a local relay)', async () => {
    const smtp = await startSmtpReceiver({ disabledCommands: ['STARTTLS'] });
    try {
      const options = { ...base(smtp.port), requireTls: false, user: null, password: null };
      await emailChannel(options).send([firing], signal());
      expect(smtp.mails[0]).toMatchObject({
        secure: false,
        subject:
          '[jobdeck] CRITICAL worker-not-running qfieldcloud-worker_wrapper-1: worker qfieldcloud-worker_wrapper-1 is exited (exit 137) [target prod]',
      });
    } finally {
      await smtp.close();
    }
  });

  it('requireTls refuses a server without STARTTLS, so the password never crosses in plain text', async () => {
    const smtp = await startSmtpReceiver({
      disabledCommands: ['STARTTLS'],
      users: { alerts: 'smtp-Pa55word' },
      allowInsecureAuth: true,
    });
    try {
      await expect(emailChannel(base(smtp.port)).send([firing], signal())).rejects.toThrow(
        /^email via 127\.0\.0\.1:\d+: no TLS \(.*STARTTLS.*\); use secure: true/,
      );
      expect(smtp.mails).toHaveLength(0);
    } finally {
      await smtp.close();
    }
  });

  it('a wrong password is reported as an authentication failure, redacted', async () => {
    const smtp = await startSmtpReceiver({ users: { alerts: 'the-right-one' } });
    try {
      const error = await emailChannel(base(smtp.port))
        .send([firing], signal())
        .then(
          () => null,
          (e: unknown) => e as Error,
        );
      expect(error?.message).toMatch(/authentication failed .*check alerts\.channels\.email\.user/);
      expect(error?.message).not.toContain('smtp-Pa55word');
      expect(smtp.mails).toHaveLength(0);
    } finally {
      await smtp.close();
    }
  });
});

describe('log file and console channels', () => {
  it('appends one JSON line per event', async () => {
    const path = join(dir, 'nested', 'alerts.jsonl');
    const channel = logFileChannel(path);
    await channel.send([firing], signal());
    await channel.send([resolved], signal());
    const lines = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.time, l.kind, l.rule, l.subject])).toEqual([
      ['2025-01-15T10:02:00.000Z', 'firing', 'worker-not-running', 'qfieldcloud-worker_wrapper-1'],
      [
        '2025-01-15T10:10:00.000Z',
        'resolved',
        'worker-not-running',
        'qfieldcloud-worker_wrapper-1',
      ],
    ]);
  });

  it('writes one line per event to the stream', async () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (c: Buffer) => (text += c.toString()));
    await consoleChannel(stream).send([firing, resolved], signal());
    expect(text.split('\n')).toEqual([
      '2025-01-15T10:02:00.000Z alert CRITICAL worker-not-running qfieldcloud-worker_wrapper-1: worker qfieldcloud-worker_wrapper-1 is exited (exit 137) [target prod]',
      '2025-01-15T10:10:00.000Z alert RESOLVED (after 10m) worker-not-running qfieldcloud-worker_wrapper-1: worker qfieldcloud-worker_wrapper-1 is exited (exit 137) [target prod]',
      '',
    ]);
  });
});

describe('dispatch', () => {
  it('a failing channel never blocks the others and is reported on its own', async () => {
    const receiver = await startHttpReceiver((_n, _req, res) => {
      res.end('ok');
    });
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, '');
    try {
      const good = join(dir, 'good.jsonl');
      const results = await dispatchAlerts(
        [
          logFileChannel(join(blocker, 'alerts.jsonl')), // parent is a file: cannot write
          webhookChannel({ url: receiver.url, timeoutMs: 1000, retries: 0, backoffMs: 10 }),
          logFileChannel(good),
        ],
        [firing],
      );
      expect(results.map((r) => [r.channel, r.ok])).toEqual([
        ['log', false],
        ['webhook', true],
        ['log', true],
      ]);
      expect(results[0]?.detail).toMatch(
        /^log channel: cannot append to .*; check the directory's permissions/,
      );
      expect(readFileSync(good, 'utf8')).toContain('worker-not-running');
      expect(receiver.requests).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  it('gives up on a hanging channel at the deadline; the others are already delivered', async () => {
    const hanging: AlertChannel = {
      name: 'hangs',
      description: 'never settles',
      send: () => new Promise(() => undefined),
    };
    const path = join(dir, 'beside-hanging.jsonl');
    const started = Date.now();
    const results = await dispatchAlerts([hanging, logFileChannel(path)], [firing], {
      timeoutMs: 300,
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(results.map((r) => [r.channel, r.ok, r.detail.slice(0, 40)])).toEqual([
      ['hangs', false, 'hangs: no result within 300 ms; gave up'],
      ['log', true, `1 line(s) appended to ${path}`.slice(0, 40)],
    ]);
  });

  it('sends nothing when there is nothing to send', async () => {
    expect(await dispatchAlerts([logFileChannel(join(dir, 'never.jsonl'))], [])).toEqual([]);
  });

  it('sendTestAlert: one test notice on every channel, a result per channel', async () => {
    const receiver = await startHttpReceiver((_n, _req, res) => {
      res.end('ok');
    });
    const smtp = await startSmtpReceiver({ disabledCommands: ['STARTTLS'] });
    try {
      const path = join(dir, 'test-alert.jsonl');
      const stream = new PassThrough();
      let consoleText = '';
      stream.on('data', (c: Buffer) => (consoleText += c.toString()));
      const results = await sendTestAlert(
        [
          logFileChannel(path),
          consoleChannel(stream),
          webhookChannel({ url: receiver.url, timeoutMs: 1000, retries: 0, backoffMs: 10 }),
          emailChannel({
            host: '127.0.0.1',
            port: smtp.port,
            secure: false,
            requireTls: false,
            insecureTls: false,
            user: null,
            password: null,
            from: 'jobdeck@example.com',
            to: ['ops@example.com'],
            subjectPrefix: '[jobdeck]',
            timeoutMs: 5000,
          }),
        ],
        { target: 'prod', now: T0 },
      );
      expect(results.map((r) => [r.channel, r.ok])).toEqual([
        ['log', true],
        ['console', true],
        ['webhook', true],
        ['email', true],
      ]);
      expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({
        kind: 'test',
        rule: 'test',
        target: 'prod',
      });
      expect(consoleText).toMatch(
        /^2025-01-15T10:00:00.000Z alert TEST test .*: test alert from jobdeck; if you read this, the channel works \[target prod\]\n$/,
      );
      expect((JSON.parse(receiver.requests[0]?.body ?? '{}') as { text: string }).text).toMatch(
        /^TEST test /,
      );
      expect(smtp.mails[0]?.subject).toMatch(/^\[jobdeck\] TEST test /);
      expect(smtp.mails[0]?.text).toContain('if you read this, the channel works');
    } finally {
      await receiver.close();
      await smtp.close();
    }
  });
});
