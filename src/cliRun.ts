/**
 * `dropout-lens run [--seed S] [--build NAME] FILE.py | -`: what `python FILE.py` prints,
 * replayed without Python (src/replay). Exit statuses: replay's (0 followed to the end, 1 Python would raise or the
 * file is no Python, 3 stopped at a statement it cannot follow), and 2 for a usage error or a
 * file that cannot be read, as Python gives for a missing script.
 */
import * as fs from 'fs';
import { BUILDS, isBuild, type Build } from './core/builds';
import { DEFAULT_MAX_CHARS } from './core/parse';
import { replay } from './replay';

export const RUN_USAGE = 'usage: dropout-lens run [--seed S] [--build NAME] FILE.py | -';

export interface RunCliResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

const usageError = (message: string): RunCliResult => ({ stdout: '', stderr: `dropout-lens run: ${message}\n${RUN_USAGE}\n`, exitCode: 2 });

interface RunArgs {
  file?: string;
  seed?: string;
  build: Build;
  help: boolean;
}

function parseRunArgs(args: readonly string[]): RunArgs | string {
  const o: RunArgs = { help: false, build: 'default' };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-h' || arg === '--help') {
      o.help = true;
    } else if (arg === '--seed' || arg.startsWith('--seed=')) {
      const value = arg === '--seed' ? args[++i] : arg.slice('--seed='.length);
      if (value === undefined || !/^\s*[+-]?\d+(_\d+)*\s*$/.test(value)) return `--seed: not an integer: ${JSON.stringify(value ?? '')}`;
      o.seed = value;
    } else if (arg === '--build' || arg.startsWith('--build=')) {
      const value = arg === '--build' ? args[++i] : arg.slice('--build='.length);
      if (!isBuild(value)) return `--build: unknown build ${JSON.stringify(value ?? '')} (one of ${BUILDS.join(', ')})`;
      o.build = value;
    } else if (arg.startsWith('--')) {
      return `unknown option ${arg}`;
    } else if (o.file !== undefined) {
      return `more than one file given (${JSON.stringify(arg)})`;
    } else {
      o.file = arg;
    }
  }
  return o;
}

/** Whether `run`'s arguments take the script from stdin. */
export function runReadsStdin(args: readonly string[]): boolean {
  const o = parseRunArgs(args);
  return typeof o !== 'string' && !o.help && o.file === '-';
}

/** The `run` command; `readStdin` gives the script when FILE is `-`. */
export function runReplayCli(args: readonly string[], readStdin: () => string | undefined): RunCliResult {
  const o = parseRunArgs(args);
  if (typeof o === 'string') return usageError(o);
  if (o.help) return { stdout: `${RUN_USAGE}\n\nPrints what python FILE.py prints, replayed without Python (see the README's Replay section).\n`, stderr: '', exitCode: 0 };
  if (o.file === undefined) return usageError('no file given (a Python file, or - for stdin)');
  let source: string | undefined;
  if (o.file === '-') {
    source = readStdin();
    if (source === undefined) return usageError('no script on stdin');
  } else {
    try {
      source = fs.readFileSync(o.file, 'utf8');
    } catch (e) {
      const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'No such file or directory' : (e as Error).message;
      return { stdout: '', stderr: `dropout-lens run: can't open file ${JSON.stringify(o.file)}: ${reason}\n`, exitCode: 2 };
    }
    if (source.length > DEFAULT_MAX_CHARS) return { stdout: '', stderr: `dropout-lens run: ${o.file} holds more than ${DEFAULT_MAX_CHARS} characters, the limit for a script\n`, exitCode: 1 };
  }
  // Python reads a UTF-8 file with or without its byte-order mark.
  const text = source.startsWith('\ufeff') ? source.slice(1) : source;
  const r = replay(text, { fileName: o.file === '-' ? '<stdin>' : o.file, seed: o.seed, build: o.build });
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
}
