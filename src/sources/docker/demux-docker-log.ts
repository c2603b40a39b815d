import { StringDecoder } from 'node:string_decoder';

export interface LogChunk {
  readonly stream: 'stdout' | 'stderr' | 'tty';
  readonly text: string;
}

const HEADER = 8;

/**
 * Pure: the body of `GET /containers/{id}/logs` → text chunks in order. Without a TTY the
 * engine multiplexes stdout and stderr in frames (`[type, 0, 0, 0, size (u32 BE)]` then
 * `size` bytes); with a TTY the body is the raw terminal output. A truncated last frame
 * keeps what arrived; a header that is not a frame header (a TTY container whose `Tty`
 * flag we misread, a misaligned body) turns the rest into raw text instead of garbage.
 */
export function demuxDockerLog(body: Buffer, tty: boolean): LogChunk[] {
  if (tty) return body.length === 0 ? [] : [{ stream: 'tty', text: body.toString('utf8') }];
  // One decoder per stream: a multi-byte character may straddle two frames.
  const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  const chunks: LogChunk[] = [];
  let offset = 0;
  while (offset < body.length) {
    const type = body[offset];
    const framed =
      offset + HEADER <= body.length &&
      (type === 0 || type === 1 || type === 2) &&
      body[offset + 1] === 0 &&
      body[offset + 2] === 0 &&
      body[offset + 3] === 0;
    if (!framed) {
      chunks.push({ stream: 'stdout', text: body.subarray(offset).toString('utf8') });
      break;
    }
    const size = body.readUInt32BE(offset + 4);
    const start = offset + HEADER;
    const end = Math.min(body.length, start + size);
    const stream = type === 2 ? 'stderr' : 'stdout';
    const text = decoders[stream].write(body.subarray(start, end));
    if (text !== '') chunks.push({ stream, text });
    offset = start + size;
  }
  for (const stream of ['stdout', 'stderr'] as const) {
    const rest = decoders[stream].end();
    if (rest !== '') chunks.push({ stream, text: rest });
  }
  return chunks;
}
