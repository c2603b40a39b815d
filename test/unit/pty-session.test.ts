import { Duplex, PassThrough } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import xterm from '@xterm/headless';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/actions/audit-sink.js';
import { thresholdsSchema } from '../../src/config/thresholds-schema.js';
import type { TerminalSize } from '../../src/serve/channel-terminal.js';
import { DashboardSession } from '../../src/serve/dashboard-session.js';
import { PtySession } from '../../src/serve/pty-session.js';
import type { SessionChannel } from '../../src/serve/session-channel.js';
import { SharedScreens } from '../../src/serve/shared-screen.js';
import type { AppSnapshot } from '../../src/store/app-snapshot.js';
import { appSnapshot, queueSnapshot } from '../ui/helpers/build-snapshot.js';

/**
 * An SSH channel whose client is a terminal emulator (xterm.js, headless): the test
 * reads the screen the person would see. With `stall`, writes are never acknowledged,
 * so they pile up in `writableLength` like a client that stopped reading.
 */
class FakeChannel extends Duplex implements SessionChannel {
  readonly stderr = new PassThrough();
  readonly exits: number[] = [];
  readonly screen: xterm.Terminal;
  private pending = Promise.resolve();
  stall = false;

  constructor(size: TerminalSize) {
    super({ highWaterMark: 16 * 1024 });
    this.screen = new xterm.Terminal({
      cols: size.columns,
      rows: size.rows,
      allowProposedApi: true,
    });
  }

  override _read(): void {
    // Input is pushed by type().
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    const text = chunk.toString();
    this.pending = this.pending.then(
      () =>
        new Promise<void>((resolve) => {
          this.screen.write(text, resolve);
        }),
    );
    if (!this.stall) done();
  }

  exit(status: number): void {
    this.exits.push(status);
  }

  type(text: string): void {
    this.push(Buffer.from(text));
  }

  hangUp(): void {
    this.emit('close');
  }

  /** The screen's rows as text, once everything written so far is drawn. */
  async lines(): Promise<string[]> {
    await this.pending;
    const buffer = this.screen.buffer.active;
    return Array.from(
      { length: this.screen.rows },
      (_, i) => buffer.getLine(i)?.translateToString(true) ?? '',
    );
  }

  async text(): Promise<string> {
    return (await this.lines()).join('\n');
  }

  /** Resolves once the screen shows `text`; fails after `ms`. */
  async waitFor(text: string, ms = 3000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!(await this.text()).includes(text)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for "${text}" on the screen`);
      await delay(20);
    }
  }
}

class FakeStore {
  private snapshot = appSnapshot();
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): AppSnapshot => this.snapshot;

  publish(overrides: Partial<AppSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...overrides };
    for (const listener of [...this.listeners]) listener();
  }
}

const SIZE = { columns: 120, rows: 40 };
const thresholds = thresholdsSchema.parse({});
const audited: AuditEntry[] = [];
const audit = {
  write: (entry: AuditEntry): Promise<void> => {
    audited.push(entry);
    return Promise.resolve();
  },
};

const opened: PtySession[] = [];

function setup(): {
  store: FakeStore;
  screens: SharedScreens;
  open: (options?: Partial<{ size: TerminalSize; readOnly: boolean; idleMs: number }>) => {
    channel: FakeChannel;
    session: PtySession;
    owned: () => number;
  };
} {
  const store = new FakeStore();
  const screens = new SharedScreens({ store, audit, thresholds });
  const open = (
    options: Partial<{ size: TerminalSize; readOnly: boolean; idleMs: number }> = {},
  ): { channel: FakeChannel; session: PtySession; owned: () => number } => {
    const size = options.size ?? SIZE;
    const channel = new FakeChannel(size);
    let owned = 0;
    const session = new PtySession({
      channel,
      size,
      term: 'xterm-256color',
      readOnly: options.readOnly ?? true,
      actions: {},
      screens,
      idleMs: options.idleMs ?? 0,
      own: (ownSize) => {
        owned += 1;
        return new DashboardSession({
          channel,
          size: ownSize,
          term: 'xterm-256color',
          store,
          actions: {},
          readOnly: options.readOnly ?? true,
          readOnlyReason: 'your key (test) is a viewer key',
          actor: { user: 'test', from: '127.0.0.1', via: 'serve' },
          audit,
          thresholds,
          idleMs: 0,
        });
      },
    });
    opened.push(session);
    return { channel, session, owned: () => owned };
  };
  return { store, screens, open };
}

afterEach(async () => {
  for (const session of opened.splice(0)) session.end('bye');
  await delay(50);
});

describe('PtySession on a shared screen', () => {
  it('sessions with the same size and role share one render and see the same screen, a late one included', async () => {
    const { store, screens, open } = setup();
    const a = open();
    const b = open();
    expect(screens.count).toBe(1);
    await a.channel.waitFor('Queue');
    store.publish({
      queue: {
        status: 'ok',
        at: 1,
        data: queueSnapshot({
          counts: { pending: 3, queued: 1, started: 2, finished: 4321, failed: 87 },
        }),
      },
    });
    await a.channel.waitFor('4,321');
    // Joins after frames were drawn: it gets the whole screen, not only what changed.
    const late = open();
    expect(screens.count).toBe(1);
    await late.channel.waitFor('4,321');
    await delay(150);
    const first = await a.channel.lines();
    expect(await b.channel.lines()).toEqual(first);
    expect(await late.channel.lines()).toEqual(first);
    expect(first.join('\n')).toContain('READ-ONLY');
    expect(a.owned() + b.owned() + late.owned()).toBe(0);
  });

  it('another size or role gets a screen of its own', async () => {
    const { screens, open } = setup();
    open();
    open({ size: { columns: 100, rows: 30 } });
    open({ readOnly: false });
    expect(screens.count).toBe(3);
    const small = open({ size: { columns: 100, rows: 30 } });
    expect(screens.count).toBe(3);
    await small.channel.waitFor('Queue');
    expect((await small.channel.lines()).every((line) => line.length <= 100)).toBe(true);
  });

  it("the first key gives that person a dashboard of their own, and the key reaches it; the others' screens stay", async () => {
    const { screens, open } = setup();
    const a = open();
    const b = open();
    await b.channel.waitFor('Queue');
    a.channel.type('?');
    expect(a.session.own).toBe(true);
    expect(a.owned()).toBe(1);
    expect(b.session.own).toBe(false);
    // `?` opened the help on a's own dashboard: the key was not lost in the switch.
    await a.channel.waitFor('? or Esc closes');
    expect(await b.channel.text()).not.toContain('? or Esc closes');
    expect(screens.count).toBe(1);
    b.channel.type('?');
    expect(screens.count).toBe(0);
  });

  it('a resize also leaves the shared screen, at the new size', async () => {
    const { screens, open } = setup();
    const a = open();
    await a.channel.waitFor('Queue');
    a.channel.screen.resize(50, 12);
    a.session.resize({ columns: 50, rows: 12 });
    expect(a.session.own).toBe(true);
    expect(screens.count).toBe(0);
    await a.channel.waitFor('too small');
  });

  it('a client that falls behind leaves at the next frame; the others keep theirs', async () => {
    const { store, screens, open } = setup();
    const slow = open();
    const quick = open();
    await quick.channel.waitFor('Queue');
    slow.channel.stall = true;
    // A backlog past the mark (64 KiB unsent), then frames.
    slow.channel.write('\u001B[H'.repeat(24 * 1024));
    for (let i = 0; i < 10 && !slow.session.own; i++) {
      store.publish({ queue: { status: 'ok', at: i, data: queueSnapshot({ total: 1000 + i }) } });
      await delay(120);
    }
    expect(slow.session.own).toBe(true);
    expect(quick.session.own).toBe(false);
    expect(screens.count).toBe(1);
  });

  it('ends with a goodbye, leaving the alternate screen; the last one out stops the render', async () => {
    const { screens, open } = setup();
    const a = open();
    const b = open();
    await a.channel.waitFor('Queue');
    a.session.end('jobdeck serve is stopping');
    await a.session.done;
    expect(a.channel.exits).toEqual([0]);
    expect(await a.channel.text()).toContain('jobdeck serve is stopping');
    expect(a.channel.screen.buffer.active.type).toBe('normal');
    expect(screens.count).toBe(1);
    b.channel.hangUp();
    await b.session.done;
    expect(screens.count).toBe(0);
  });

  it('closes a session that idles on the shared screen', async () => {
    const { open } = setup();
    const a = open({ idleMs: 300 });
    await a.session.done;
    expect(a.channel.exits).toEqual([0]);
    expect(await a.channel.text()).toContain('no key pressed for 0.3 s');
  });
});
