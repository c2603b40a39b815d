import { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ChannelTerminal } from '../../src/serve/channel-terminal.js';

/**
 * An SSH channel stand-in: what the terminal writes is recorded (`sent`), what the
 * client types is `type()`d in. With `stall`, writes are never acknowledged until
 * `release()`, so they pile up in `writableLength` like a client that stopped reading.
 */
class FakeChannel extends Duplex {
  readonly sent: Buffer[] = [];
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly stall = false,
    highWaterMark = 16 * 1024,
  ) {
    super({ highWaterMark });
  }

  override _read(): void {
    // Input is pushed by type().
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.sent.push(chunk);
    if (this.stall) this.waiting.push(done);
    else done();
  }

  override _writev(chunks: { chunk: Buffer }[], done: () => void): void {
    for (const { chunk } of chunks) this.sent.push(chunk);
    if (this.stall) this.waiting.push(done);
    else done();
  }

  type(text: string): void {
    this.push(Buffer.from(text));
  }

  /** Acknowledges every stalled write (the client read again). */
  release(): void {
    for (const done of this.waiting.splice(0)) done();
  }

  text(): string {
    return Buffer.concat(this.sent).toString('utf8');
  }
}

const size = { columns: 120, rows: 40 };

/** Waits for the streams' nextTick/microtask work (input forwarding, drain). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('ChannelTerminal: output', () => {
  it('turns lone LF into CRLF and leaves CRLF as it is', () => {
    const channel = new FakeChannel();
    const terminal = new ChannelTerminal(channel, size, () => undefined);
    terminal.write('a\nb\r\nc\n\n');
    expect(channel.text()).toBe('a\r\nb\r\nc\r\n\r\n');
  });

  it('does the same for what Ink writes to `output`', async () => {
    const channel = new FakeChannel();
    const terminal = new ChannelTerminal(channel, size, () => undefined);
    terminal.output.write('row 1\nrow 2\r\n');
    await settle();
    expect(channel.text()).toBe('row 1\r\nrow 2\r\n');
  });

  it('counts the bytes sent, after CRLF, in UTF-8', () => {
    const channel = new FakeChannel();
    const terminal = new ChannelTerminal(channel, size, () => undefined);
    expect(terminal.bytesSent).toBe(0);
    terminal.write('ok\n'); // 'ok\r\n': 4 bytes
    terminal.write('█\n'); // 3 bytes + CRLF
    expect(terminal.bytesSent).toBe(9);
    expect(terminal.bytesSent).toBe(Buffer.concat(channel.sent).length);
  });

  it('looks like a TTY of the client size, and resize() updates it and says so', () => {
    const channel = new FakeChannel();
    const terminal = new ChannelTerminal(channel, size, () => undefined);
    expect(terminal.output.isTTY).toBe(true);
    expect([terminal.output.columns, terminal.output.rows]).toEqual([120, 40]);

    let resizes = 0;
    terminal.output.on('resize', () => {
      resizes++;
      // Ink reads the size inside the event: it must be the new one already.
      expect([terminal.output.columns, terminal.output.rows]).toEqual([80, 24]);
    });
    terminal.resize({ columns: 80, rows: 24 });
    expect(resizes).toBe(1);
  });

  it('writes nothing after close()', () => {
    const channel = new FakeChannel();
    const terminal = new ChannelTerminal(channel, size, () => undefined);
    terminal.close();
    terminal.write('late\n');
    expect(channel.sent).toEqual([]);
    expect(terminal.bytesSent).toBe(0);
  });
});

describe('ChannelTerminal: input', () => {
  it('hands what the client types to `input`, raw', async () => {
    const channel = new FakeChannel();
    const terminal = new ChannelTerminal(channel, size, () => undefined);
    const typed: string[] = [];
    terminal.input.on('data', (data: Buffer) => typed.push(data.toString()));
    channel.type('q');
    channel.type('\u001b[A');
    await settle();
    expect(typed.join('')).toBe('q\u001b[A');
    expect(terminal.input.setRawMode(true).isRaw).toBe(true);
  });

  it('ends `input` on close() and ignores keys typed after', async () => {
    const channel = new FakeChannel();
    const terminal = new ChannelTerminal(channel, size, () => undefined);
    const typed: string[] = [];
    terminal.input.on('data', (data: Buffer) => typed.push(data.toString()));
    let ended = false;
    terminal.input.on('end', () => {
      ended = true;
    });
    terminal.close();
    channel.type('x');
    await settle();
    expect(typed).toEqual([]);
    expect(ended).toBe(true);
  });
});

describe('ChannelTerminal: a client that stops reading', () => {
  it('is behind past behindBytes, and drain listeners run once it caught up', async () => {
    const channel = new FakeChannel(true, 16);
    const terminal = new ChannelTerminal(channel, size, () => undefined, {
      behindBytes: 32,
      maxBufferedBytes: 1024,
    });
    let drains = 0;
    terminal.onDrain(() => {
      drains++;
    });
    terminal.write('x'.repeat(20));
    expect(terminal.behind).toBe(false);
    terminal.write('x'.repeat(20));
    expect(channel.writableLength).toBe(40);
    expect(terminal.behind).toBe(true);

    channel.release();
    await settle();
    channel.release();
    await settle();
    expect(channel.writableLength).toBe(0);
    expect(terminal.behind).toBe(false);
    expect(drains).toBe(1);
  });

  // ssh2's channel has a 2 MiB highWaterMark (MAX_WINDOW in ssh2/lib/Channel.js), above
  // behindBytes: the stream's own 'drain' never comes for a client 64 KiB–2 MiB behind.
  it('runs drain listeners after being behind on a channel like ssh2 (2 MiB highWaterMark)', async () => {
    const channel = new FakeChannel(true, 2 * 1024 * 1024);
    const terminal = new ChannelTerminal(channel, size, () => undefined);
    let drains = 0;
    terminal.onDrain(() => {
      drains++;
    });
    terminal.write('x'.repeat(100 * 1024));
    expect(terminal.behind).toBe(true);

    channel.release();
    // While a client is behind the terminal polls the buffer every 50 ms.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(drains).toBe(1);
    expect(terminal.behind).toBe(false);
  });

  it('calls onTooSlow once past maxBufferedBytes, and stops writing', () => {
    const channel = new FakeChannel(true, 16);
    let tooSlow = 0;
    const terminal = new ChannelTerminal(
      channel,
      size,
      () => {
        tooSlow++;
      },
      { behindBytes: 8, maxBufferedBytes: 64 },
    );
    terminal.write('x'.repeat(60));
    expect(tooSlow).toBe(0);
    terminal.write('x'.repeat(10));
    expect(channel.writableLength).toBeGreaterThan(64);
    expect(tooSlow).toBe(1);

    const sent = terminal.bytesSent;
    terminal.write('more\n');
    expect(tooSlow).toBe(1);
    expect(terminal.bytesSent).toBe(sent);
  });

  it('a removed drain listener is not called', async () => {
    const channel = new FakeChannel(true, 4);
    const terminal = new ChannelTerminal(channel, size, () => undefined);
    let drains = 0;
    const off = terminal.onDrain(() => {
      drains++;
    });
    off();
    terminal.write('0123456789');
    channel.release();
    await settle();
    expect(drains).toBe(0);
  });
});
