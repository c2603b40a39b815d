import { PassThrough, Writable } from 'node:stream';
import type { Duplex } from 'node:stream';

/** The terminal size a client asked for (pty-req, window-change). */
export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

/** Unsent bytes past which a session counts as behind, unless the terminal is told otherwise. */
export const BEHIND_BYTES = 64 * 1024;

/** Lone LF turned into CRLF, as a pty's `onlcr` does (there is no pty between us and the client). */
export function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/** What Ink needs of stdout: a TTY-looking writable with a size and `resize` events. */
export class TerminalOutput extends Writable {
  readonly isTTY = true;
  columns: number;
  rows: number;

  constructor(
    size: TerminalSize,
    private readonly forward: (text: string) => void,
  ) {
    super({ decodeStrings: false });
    this.columns = size.columns;
    this.rows = size.rows;
  }

  override _write(chunk: unknown, _encoding: BufferEncoding, done: (error?: Error) => void): void {
    this.forward(typeof chunk === 'string' ? chunk : String(chunk));
    done();
  }

  /** Ink asks whether colours are there (`chalk` and `supports-color` read this). */
  hasColors(): boolean {
    return true;
  }

  getColorDepth(): number {
    return 8;
  }
}

/** What Ink needs of stdin: a TTY-looking readable whose raw mode is the client's. */
export class TerminalInput extends PassThrough {
  readonly isTTY = true;
  isRaw = false;

  setRawMode(mode: boolean): this {
    // The client's terminal is already raw: it asked for a pty, so its ssh put it there.
    this.isRaw = mode;
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }
}

export interface ChannelTerminalOptions {
  /**
   * Bytes the channel may hold unsent before the session counts as behind (data frames
   * wait until it has drained; then the latest frame is drawn).
   */
  readonly behindBytes?: number;
  /** Bytes unsent past which the client is dropped as too slow to serve. */
  readonly maxBufferedBytes?: number;
}

/**
 * A session's terminal over an SSH channel: Ink writes to `output` and reads `input`.
 * There is no pty line discipline between us and the client (sshd's would add it), so
 * output newlines become CRLF here, as a pty's `onlcr` does.
 */
export class ChannelTerminal {
  readonly output: TerminalOutput;
  readonly input = new TerminalInput();
  private readonly behindBytes: number;
  private readonly maxBufferedBytes: number;
  private readonly drainListeners = new Set<() => void>();
  private sent = 0;
  private closed = false;
  private watching: NodeJS.Timeout | undefined;

  constructor(
    private readonly channel: Duplex,
    size: TerminalSize,
    private readonly onTooSlow: () => void,
    options: ChannelTerminalOptions = {},
  ) {
    this.behindBytes = options.behindBytes ?? BEHIND_BYTES;
    this.maxBufferedBytes = options.maxBufferedBytes ?? 4 * 1024 * 1024;
    this.output = new TerminalOutput(size, (text) => {
      this.write(text);
    });
    channel.on('data', (data: Buffer) => {
      if (!this.closed) this.input.write(data);
    });
    channel.on('drain', () => {
      this.drained();
    });
  }

  /** Bytes written to the channel so far (the bench's bytes per viewer). */
  get bytesSent(): number {
    return this.sent;
  }

  /**
   * True while the channel holds more unsent output than a frame or two. Once it was
   * seen behind, the drain listeners run when it is back under (polled: the stream's own
   * 'drain' only comes after a write past its high-water mark, 2 MiB for ssh2's channel).
   */
  get behind(): boolean {
    const behind = this.channel.writableLength > this.behindBytes;
    if (behind && this.watching === undefined && !this.closed) {
      this.watching = setInterval(() => {
        if (this.channel.writableLength <= this.behindBytes) this.drained();
      }, 50);
      this.watching.unref();
    }
    return behind;
  }

  /** Called each time the channel is back under the mark after it was seen behind. */
  onDrain(listener: () => void): () => void {
    this.drainListeners.add(listener);
    return () => this.drainListeners.delete(listener);
  }

  resize(size: TerminalSize): void {
    this.output.columns = size.columns;
    this.output.rows = size.rows;
    this.output.emit('resize');
  }

  /** Text as it is, with lone LF turned into CRLF. */
  write(text: string): void {
    if (this.closed || !this.channel.writable) return;
    const crlf = toCrlf(text);
    this.sent += Buffer.byteLength(crlf);
    this.channel.write(crlf);
    if (this.channel.writableLength > this.maxBufferedBytes) {
      this.closed = true;
      this.onTooSlow();
    }
  }

  private drained(): void {
    if (this.watching === undefined) return;
    clearInterval(this.watching);
    this.watching = undefined;
    for (const listener of [...this.drainListeners]) listener();
  }

  close(): void {
    this.closed = true;
    if (this.watching !== undefined) clearInterval(this.watching);
    this.watching = undefined;
    this.drainListeners.clear();
    this.input.end();
  }
}
