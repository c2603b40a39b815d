import type { Readable } from 'node:stream';

/**
 * Calls `onValue` for every newline-terminated JSON document of a streaming response
 * (events, stats: the engine writes one per line) and resolves when the stream ends,
 * errors or is destroyed. A line that is not JSON is skipped: one bad line must not
 * end a stream we want to keep.
 */
export function onJsonLines(stream: Readable, onValue: (value: unknown) => void): Promise<void> {
  return new Promise((resolve) => {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      pending += chunk;
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        const line = pending.slice(0, newline).trim();
        pending = pending.slice(newline + 1);
        if (line !== '') {
          let value: unknown;
          try {
            value = JSON.parse(line);
          } catch {
            value = undefined;
          }
          if (value !== undefined) onValue(value);
        }
        newline = pending.indexOf('\n');
      }
    });
    const done = (): void => {
      resolve();
    };
    stream.once('end', done);
    stream.once('close', done);
    stream.once('error', done);
  });
}
