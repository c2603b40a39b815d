import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServeProcess } from '../helpers/serve-process.js';
import { SshTerminal } from '../helpers/ssh-terminal.js';
import { generateEd25519 } from '../../src/serve/generate-ed25519.js';

/*
 * serve.maxSessions and serve.idleTimeout on the real binary: no database or Docker
 * needed (the config has one tcp probe only), so this runs wherever sshd-less loopback does.
 */
describe('jobdeck serve limits', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'jobdeck-serve-limits-'));
  const key = generateEd25519('dana@ops');
  let serve: ServeProcess;

  beforeAll(async () => {
    writeFileSync(join(cwd, 'viewers'), `${key.public}\n`);
    writeFileSync(
      join(cwd, 'jobdeck.yaml'),
      [
        'docker: { enabled: false }',
        'probes: [{ kind: tcp, name: self, host: 127.0.0.1, port: 9 }]',
        'serve:',
        '  access: { viewers: viewers }',
        '  maxSessions: 1',
        '  idleTimeout: 2s',
        '',
      ].join('\n'),
    );
    serve = await ServeProcess.start([], {
      cwd,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: cwd,
        XDG_STATE_HOME: join(cwd, 'state'),
        XDG_CONFIG_HOME: join(cwd, 'config'),
      },
    });
  }, 30_000);

  afterAll(() => {
    serve.kill();
  });

  it('one session past maxSessions is told the server is full; an idle one is closed', async () => {
    const login = { port: serve.port, privateKey: key.private };
    const first = await SshTerminal.open(login, { cols: 100, rows: 30 });
    try {
      await first.waitFor('READ-ONLY');
      const second = await SshTerminal.open(login, { cols: 100, rows: 30 });
      await second.waitFor('jobdeck serve is full (1 sessions, serve.maxSessions)');
      // (Its exit status can arrive before the client has a listener: not asserted.)
      await second.closed;
      // No key for 2 s: the first session is closed with the reason as its last line.
      await first.waitFor(
        'no key pressed for 2 s (serve.idleTimeout); closing the session',
        10_000,
      );
      await first.closed;
      expect(first.exit).toBe(0);
    } finally {
      first.end();
    }
  });

  it('closes a connection past 10 that have not logged in; a login works again once they go', async () => {
    const open = (): Promise<{ socket: Socket; closed: Promise<void> }> =>
      new Promise((resolve, reject) => {
        const socket = connect(serve.port, '127.0.0.1');
        // An SSH client's identification, then nothing: a login that never comes.
        socket.write('SSH-2.0-stalled\r\n');
        const closed = new Promise<void>((done) =>
          socket.once('close', () => {
            done();
          }),
        );
        socket.once('error', () => undefined);
        // The server speaks first (its identification line): the connection is accepted.
        socket.once('data', () => {
          resolve({ socket, closed });
        });
        socket.once('close', () => {
          resolve({ socket, closed });
        });
        setTimeout(() => {
          reject(new Error('no answer'));
        }, 5000);
      });
    const idle = [];
    for (let i = 0; i < 10; i++) idle.push(await open());
    const extra = await open();
    await extra.closed;
    const stillOpen = idle.filter((c) => !c.socket.destroyed && c.socket.readyState === 'open');
    expect(stillOpen).toHaveLength(10);
    for (const c of idle) c.socket.destroy();
    await Promise.all(idle.map((c) => c.closed));
    await new Promise((r) => setTimeout(r, 200));
    const session = await SshTerminal.open(
      { port: serve.port, privateKey: key.private },
      { cols: 100, rows: 30 },
    );
    try {
      await session.waitFor('READ-ONLY');
    } finally {
      session.end();
    }
  });
});
