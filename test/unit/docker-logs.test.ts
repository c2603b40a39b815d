import { describe, expect, it } from 'vitest';
import { cleanLogText } from '../../src/sources/docker/clean-log-text.js';
import { demuxDockerLog } from '../../src/sources/docker/demux-docker-log.js';
import { jsonLogMessage } from '../../src/sources/docker/json-log-message.js';
import { lastLogLine } from '../../src/sources/docker/last-log-line.js';
import { truncateText } from '../../src/sources/docker/truncate-text.js';

/** One frame of Docker's multiplexed log stream. */
function frame(stream: 1 | 2, text: string | Buffer): Buffer {
  const payload = typeof text === 'string' ? Buffer.from(text) : text;
  const header = Buffer.alloc(8);
  header.writeUInt8(stream, 0);
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

const TS = '2026-11-23T22:23:50.367301654Z';

describe('demuxDockerLog', () => {
  it('splits stdout and stderr frames in order', () => {
    const body = Buffer.concat([frame(1, 'out 1\n'), frame(2, 'err 1\n'), frame(1, 'out 2\n')]);
    expect(demuxDockerLog(body, false)).toEqual([
      { stream: 'stdout', text: 'out 1\n' },
      { stream: 'stderr', text: 'err 1\n' },
      { stream: 'stdout', text: 'out 2\n' },
    ]);
  });

  it('keeps a multi-byte character that straddles two frames whole', () => {
    const euro = Buffer.from('€'); // 3 bytes
    const body = Buffer.concat([frame(1, euro.subarray(0, 2)), frame(1, euro.subarray(2))]);
    expect(
      demuxDockerLog(body, false)
        .map((c) => c.text)
        .join(''),
    ).toBe('€');
  });

  it('keeps what arrived of a truncated last frame', () => {
    const whole = frame(1, 'complete line\n');
    expect(demuxDockerLog(whole.subarray(0, whole.length - 6), false)).toEqual([
      { stream: 'stdout', text: 'complete' },
    ]);
  });

  it('TTY output is raw; an unframed body is shown raw instead of as garbage', () => {
    expect(demuxDockerLog(Buffer.from('hello\r\n'), true)).toEqual([
      { stream: 'tty', text: 'hello\r\n' },
    ]);
    expect(demuxDockerLog(Buffer.from('not framed at all\n'), false)).toEqual([
      { stream: 'stdout', text: 'not framed at all\n' },
    ]);
  });
});

describe('lastLogLine', () => {
  it('takes the last non-blank line with its time and stream', () => {
    const body = Buffer.concat([
      frame(1, `${TS} first\n`),
      frame(2, `2026-11-23T22:23:51.5Z Traceback: boom\n`),
      frame(1, `2026-11-23T22:23:52Z    \n`),
    ]);
    expect(lastLogLine(body, { tty: false, maxLength: 100 })).toEqual({
      text: 'Traceback: boom',
      stream: 'stderr',
      at: Date.parse('2026-11-23T22:23:51.5Z'),
      level: null,
      truncated: false,
    });
  });

  it('shows a QFieldCloud JSON line by its message and level', () => {
    const json = JSON.stringify({
      ts: '2026-11-23T22:23:50Z',
      level: 'INFO',
      name: 'root',
      message: 'Dequeued job de71, run!',
      source: 'worker_wrapper',
    });
    const line = lastLogLine(frame(1, `${TS} ${json}\n`), { tty: false, maxLength: 100 });
    expect(line).toMatchObject({ text: 'Dequeued job de71, run!', level: 'INFO' });
  });

  it('TTY containers: raw text with CRLF, colours and a redrawn progress bar', () => {
    const body = Buffer.from(`${TS} \u001b[32mready\u001b[0m\r\n${TS} 10%\r50%\r90%\r\n`);
    expect(lastLogLine(body, { tty: true, maxLength: 100 })).toMatchObject({
      text: '90%',
      stream: 'tty',
    });
  });

  it('an idle container that wrote nothing has no line (silence is not death)', () => {
    expect(lastLogLine(Buffer.alloc(0), { tty: false, maxLength: 100 })).toBeNull();
    expect(lastLogLine(frame(1, '\n\n'), { tty: false, maxLength: 100 })).toBeNull();
  });

  it('cuts long lines without splitting a surrogate pair', () => {
    const long = `${'x'.repeat(8)}😀😀😀`; // the emoji are 2 UTF-16 units each
    const line = lastLogLine(frame(1, `${TS} ${long}\n`), { tty: false, maxLength: 10 });
    // 9 units of budget + "…": 8 x's fit, the next emoji (2 units) does not.
    expect(line).toMatchObject({ text: 'xxxxxxxx…', truncated: true });
  });
});

describe('truncateText', () => {
  it('never cuts inside a surrogate pair or a grapheme', () => {
    expect(truncateText('ab😀cd', 4)).toEqual({ text: 'ab…', truncated: true });
    expect(truncateText('ab😀cd', 5)).toEqual({ text: 'ab😀…', truncated: true });
    expect(truncateText('e\u0301e\u0301e\u0301', 4)).toEqual({ text: 'e\u0301…', truncated: true });
    expect(truncateText('short', 5)).toEqual({ text: 'short', truncated: false });
    const result = truncateText('😀'.repeat(100), 51);
    expect(result.text.length).toBeLessThanOrEqual(51);
    // No lone surrogate anywhere.
    expect(result.text).not.toMatch(
      /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/,
    );
  });
});

describe('jsonLogMessage and cleanLogText', () => {
  it('reads message/msg and level/levelname; joins a multi-line message', () => {
    expect(jsonLogMessage('{"msg":"hi","levelname":"WARNING"}')).toEqual({
      message: 'hi',
      level: 'WARNING',
    });
    expect(
      jsonLogMessage(
        '{"message":"Finished execution with code 1, logs:\\n  line a\\n","level":"ERROR"}',
      ),
    ).toEqual({ message: 'Finished execution with code 1, logs: ⏎ line a', level: 'ERROR' });
    expect(jsonLogMessage('{"no":"message"}')).toBeNull();
    expect(jsonLogMessage('{broken')).toBeNull();
    expect(jsonLogMessage('[1,2]')).toBeNull();
  });

  it('drops escape sequences and control characters, keeps text', () => {
    expect(cleanLogText('\u001b]0;title\u0007\u001b[1;31mERROR\u001b[0m\tdone\u0000')).toBe(
      'ERROR done',
    );
  });
});
