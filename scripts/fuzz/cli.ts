/**
 * The CLI's fuzzer: `node out/src/cli.js` as its own process, random arguments, the literal as
 * an argument or through a real pipe (from this process in chunks with pauses, split anywhere,
 * or from a second process writing megabytes, or endlessly past the size limit; stdout read
 * whole or closed early, as `| head` does). Oracles: the
 * exit status is 0, 1 or 2 (as documented); stderr never holds a stack trace; nothing hangs;
 * with a seed, the process prints exactly what runCli prints in-process for the same arguments
 * and text (so a pipe never changes the answer); a literal Python refuses never exits 0.
 */
import { runCli } from '../../src/cli';
import { VARIANTS } from '../../src/core/dropout';
import { DEFAULT_MAX_CHARS } from '../../src/core/parse';
import { generateLiteral } from './grammar';
import { runCliProcess, type StdinFeed } from './pipes';
import { inputSeed, Prng } from './prng';
import { Tally } from './tally';
import type { FuzzOptions, FuzzReport, Fuzzer } from './types';

const VALUES: Record<string, string[]> = {
  '--p': ['0.5', '0', '1', '0.25', '0.999', '1e-300', '-0.1', '1.5', 'nan', 'inf', '1', '0', 'abc', '', ' 0.5 ', '0x1'],
  '--seed': ['0', '1', '7', '-1', '42', '18446744073709551615', '18446744073709551616', '-9223372036854775809', '1_000', ' 3', 'x', ''],
  '--call': ['1', '2', '3', '0', '-1', '100', '1.5', '99999999999999999999'],
  '--variant': [...VARIANTS, 'foo', 'Dropout', ''],
};
const BOOLS = ['--eval', '--inplace', '--json'];
const ODD = ['--bogus', '-x', '--eval=1', '--p', '--', '-h'];
const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$|node:[a-z_/]+:\d+/m;

function randomArgs(r: Prng): { args: string[]; seeded: boolean } {
  const args: string[] = [];
  let seeded = false;
  for (const flag of Object.keys(VALUES)) {
    if (!r.chance(flag === '--seed' ? 0.85 : 0.5)) continue;
    const value = r.pick(VALUES[flag]);
    if (flag === '--seed') seeded = true;
    if (r.chance(0.3)) args.push(`${flag}=${value}`);
    else args.push(flag, value);
  }
  for (const b of BOOLS) if (r.chance(0.2)) args.push(b);
  if (r.chance(0.05)) args.push(r.pick(ODD));
  // Shuffle: flags may come in any order.
  for (let i = args.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [args[i], args[j]] = [args[j], args[i]];
  }
  return { args, seeded };
}

/** The text split into chunks at random places (inside numbers, names, line breaks). */
function chunks(r: Prng, text: string): string[] {
  const cuts = new Set<number>();
  const n = r.int(6);
  for (let i = 0; i < n; i++) cuts.add(r.int(text.length + 1));
  const at = [0, ...[...cuts].sort((a, b) => a - b), text.length];
  const out: string[] = [];
  for (let i = 1; i < at.length; i++) if (at[i] > at[i - 1]) out.push(text.slice(at[i - 1], at[i]));
  return out;
}

interface Scenario {
  args: string[];
  feed: StdinFeed;
  /** The literal the process gets, when known: runCli in-process must then print the same. */
  text?: string;
  seeded: boolean;
  /** Python refuses this literal: exit 0 is a wrong accept. */
  invalid?: string;
  /** Past the stdin limit: exit 1 with the limit's message. */
  overLimit?: boolean;
  /** Total pause in the feed, allowed on top of hangMs. */
  delayMs: number;
  /** Close stdout's reading end after this many bytes, as `| head -c N` does. */
  stdoutBytes?: number;
}

function scenario(r: Prng): Scenario {
  const { args, seeded } = randomArgs(r);
  const mode = r.int(100);
  if (mode < 3) {
    // A literal of megabytes from another process: many pipe buffers.
    const n = 100000 + r.int(1400000);
    const writerSource = `process.stdout.write("torch.tensor([" + "0.5, ".repeat(${n}) + "0.5])")`;
    return { args: [...args.filter((a) => a !== '--json'), '-'], feed: { writerSource }, seeded, text: `torch.tensor([${'0.5, '.repeat(n)}0.5])`, delayMs: 0 };
  }
  if (mode < 4) {
    const writerSource = 'const s = "1, ".repeat(1 << 16); (function w() { while (process.stdout.write(s)); process.stdout.once("drain", w); })()';
    return { args: [...args.filter((a) => !['-h', '--help'].includes(a)), '-'], feed: { writerSource }, seeded, overLimit: true, delayMs: 0 };
  }
  let text = generateLiteral(r).text;
  let invalid: string | undefined;
  if (mode < 20) {
    text = r.pick([`for = ${text}`, `${text}\n.float()`, `${text}\\`, `x =\n${text}`, `${text} # \0`]);
    invalid = 'a literal Python refuses';
  } else if (mode < 35) {
    const at = r.int(text.length + 1);
    text = text.slice(0, at) + r.pick(['', ']', ')', '\n', ',', '\\', 'x', '\uD800']) + text.slice(at + r.int(3));
  }
  // What the process reads: UTF-8 on the way turns a lone surrogate into U+FFFD.
  text = Buffer.from(text, 'utf8').toString('utf8');
  // An argument cannot hold a NUL byte (execve): that text goes through stdin.
  const how = text.includes('\0') ? 1 + r.int(2) : r.int(3);
  if (how === 0) return { args: [...args, text], feed: undefined, text, seeded, invalid, delayMs: 0 };
  const parts = chunks(r, text);
  const delay = r.pick([0, 0, 5, 30, 120]);
  const stdoutBytes = r.chance(0.1) ? 1 + r.int(200) : undefined;
  return { args: how === 1 ? [...args, '-'] : args, feed: { chunks: parts, delayMs: delay }, text, seeded, invalid, delayMs: delay * parts.length, stdoutBytes };
}

async function run(options: FuzzOptions): Promise<FuzzReport> {
  const tally = new Tally('cli');
  const t0 = performance.now();
  for (let i = 0; i < options.count; i++) {
    const r = new Prng(inputSeed(options.seed, i));
    const s = scenario(r);
    const big = s.overLimit || (s.feed !== undefined && 'writerSource' in s.feed);
    const run = await runCliProcess(s.args, s.feed, (big ? 10 : 1) * options.hangMs + s.delayMs, s.stdoutBytes);
    tally.inputs++;
    const shown = s.args.map((a) => (a.length > 60 ? a.slice(0, 60) + '…' : a));
    const label = `input ${i} ${JSON.stringify(shown)}${s.feed && 'chunks' in s.feed ? ` stdin ${JSON.stringify(s.text?.slice(0, 80))} in ${s.feed.chunks.length} chunks, ${s.feed.delayMs} ms apart` : ''}`;
    if (run.timedOut) {
      tally.hang(`${label}: no exit after ${run.ms} ms`);
      continue;
    }
    if (STACK_TRACE.test(run.stderr) || run.code === null || ![0, 1, 2].includes(run.code)) {
      tally.crash(`${label}: exit ${String(run.code)}, stderr ${JSON.stringify(run.stderr.slice(0, 300))}`);
      continue;
    }
    if (s.overLimit) {
      const limit = `dropout-lens: cannot read the literal: stdin holds more than ${DEFAULT_MAX_CHARS} characters, the limit for a literal\n`;
      const usage = run.code === 2;
      if (!usage && (run.code !== 1 || run.stderr !== limit)) tally.wrong(`${label}: past the limit: exit ${run.code}, ${JSON.stringify(run.stderr.slice(0, 200))}`);
      continue;
    }
    if (s.invalid && run.code === 0) tally.wrong(`${label}: exit 0 for ${s.invalid}`);
    if (s.text !== undefined) {
      const text = s.text;
      const inProcess = runCli(s.args, () => text);
      // Cut short, stdout holds what came before the reader closed it.
      const sameOut = s.stdoutBytes !== undefined ? inProcess.stdout.startsWith(run.stdout) : run.stdout === inProcess.stdout;
      const same = s.seeded ? sameOut && run.stderr === inProcess.stderr && run.code === inProcess.exitCode : run.code === inProcess.exitCode;
      if (!same) tally.wrong(`${label}: the process gave exit ${run.code} ${JSON.stringify((run.stdout + run.stderr).slice(0, 200))}, runCli exit ${inProcess.exitCode} ${JSON.stringify((inProcess.stdout + inProcess.stderr).slice(0, 200))}`);
    }
  }
  return tally.report(performance.now() - t0);
}

export const fuzzer: Fuzzer = { name: 'cli', run };
