/**
 * The CLI's stdin, read as a stream. `fs.readFileSync(0)` fails with EAGAIN once fd 0 is
 * non-blocking (Node makes it so as soon as `process.stdin` is touched, and a pipe whose writer
 * is slower than the reader, or holds more than the pipe buffer, then has nothing to read yet).
 * Reading stops as soon as the text passes the parser's size limit, so memory stays bounded
 * whatever is piped in.
 */
import type { Readable } from 'stream';

export type StdinText = { text: string } | { tooLong: true };

/** All of `stream` as UTF-8 text, or `tooLong` (the stream destroyed) once it passes `maxChars` UTF-16 code units. */
export function readLimited(stream: Readable, maxChars: number): Promise<StdinText> {
  return new Promise((resolve, reject) => {
    const chunks: string[] = [];
    let length = 0;
    stream.setEncoding('utf8');
    const onData = (chunk: string): void => {
      length += chunk.length;
      if (length > maxChars) {
        stream.off('data', onData);
        stream.destroy();
        resolve({ tooLong: true });
        return;
      }
      chunks.push(chunk);
    };
    stream.on('data', onData);
    stream.on('end', () => resolve({ text: chunks.join('') }));
    stream.on('error', reject);
  });
}
