/**
 * Runs the compiled CLI (out/src/cli.js) as its own process with its stdin a real pipe: fed by
 * this process in timed chunks, or by a second process (a one-line Node program) piped straight
 * into it. Used by the CLI fuzzer and the CLI's pipe tests.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as path from 'path';

export const CLI_JS = path.join(__dirname, '..', '..', 'src', 'cli.js');

/** What goes to the CLI's stdin: nothing (stdin closed at once), chunks with a pause before each, or a writer program's stdout. */
export type StdinFeed = { chunks: string[]; delayMs: number } | { writerSource: string } | undefined;

export interface CliRun {
  stdout: string;
  stderr: string;
  /** Exit code, or null when killed (a hang). */
  code: number | null;
  timedOut: boolean;
  ms: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function feed(child: ChildProcess, chunks: string[], delayMs: number): Promise<void> {
  const stdin = child.stdin;
  if (!stdin) return;
  // The CLI may stop reading (a literal past the limit, or no literal wanted): EPIPE is expected then.
  stdin.on('error', () => undefined);
  for (const c of chunks) {
    if (delayMs > 0) await sleep(delayMs);
    if (stdin.destroyed) return;
    if (!stdin.write(c)) await new Promise((resolve) => stdin.once('drain', resolve).once('close', resolve));
  }
  stdin.end();
}

/** `stdoutBytes`: close the reading end of stdout once that much has come, as `| head -c N` does. */
export function runCliProcess(args: readonly string[], input: StdinFeed, timeoutMs: number, stdoutBytes = Infinity): Promise<CliRun> {
  const t0 = Date.now();
  let writer: ChildProcess | undefined;
  if (input && 'writerSource' in input) writer = spawn(process.execPath, ['-e', input.writerSource], { stdio: ['ignore', 'pipe', 'ignore'] });
  const stdinSpec = writer?.stdout ?? 'pipe';
  const child = spawn(process.execPath, [CLI_JS, ...args], { stdio: [stdinSpec, 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let outBytes = 0;
  child.stdout?.on('data', (b: Buffer) => {
    out.push(b);
    outBytes += b.length;
    if (outBytes >= stdoutBytes) child.stdout?.destroy();
  });
  child.stderr?.on('data', (b: Buffer) => err.push(b));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  if (!writer) void feed(child, input && 'chunks' in input ? input.chunks : [], input && 'chunks' in input ? input.delayMs : 0);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      writer?.kill('SIGKILL');
      resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code, timedOut, ms: Date.now() - t0 });
    });
  });
}
