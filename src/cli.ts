/**
 * `dropout-lens`: PyTorch's dropout on a tensor literal, from the command line, without Python.
 * stdout is exactly what `print(repr(y))` prints (or one JSON object with --json); warnings,
 * errors and a drawn seed go to stderr. Exit codes: 0 done, 1 a PyTorch or literal error,
 * 2 a usage error.
 *
 * `runCli` is the whole tool as a function (tests call it in-process); the bottom of the file
 * runs it when this module is the program (`dist/cli.js`, bundled by esbuild).
 */
import { BUILDS, isBuild, type Build } from './core/builds';
import * as tty from 'tty';
import { runReadsStdin, runReplayCli } from './cliRun';
import { readLimited } from './cliStdin';
import { DropoutError, VARIANTS, type Variant } from './core/dropout';
import { LiteralError, TorchError } from './core/errors';
import { pyFloatFromString } from './core/lexer';
import { DEFAULT_MAX_CHARS, parseTensorLiteral } from './core/parse';
import { repr } from './core/repr';
import { freshSeed, isCallIndex, MAX_CALL, parseSeed, runDropout } from './core/run';
import type { Tensor } from './core/tensor';

export const USAGE = 'usage: dropout-lens [--p P] [--seed S] [--call K] [--variant NAME] [--build NAME] [--eval] [--inplace] [--json] [LITERAL | -]';

const HELP = `${USAGE}
   or: dropout-lens run [--seed S] [--build NAME] FILE.py | -

Applies PyTorch's dropout to a tensor literal exactly as PyTorch on the CPU does it, and prints
what print(repr(y)) prints. The mask depends on the build (see --build).

  LITERAL          torch.tensor/as_tensor/from_numpy(...), torch.Tensor([...]), np.array([...]),
                   a nested list, a printed tensor(...), torch.ones/zeros/full/arange/linspace/eye(...),
                   then .reshape/.view/.float/.double
  -                read the literal from stdin (also when LITERAL is omitted), up to
                   ${DEFAULT_MAX_CHARS} characters; a slow or large pipe is fine
  --p P            drop probability, default 0.5
  --seed S         torch.manual_seed(S); without it a fresh seed is drawn and shown on stderr
  --call K         the K-th dropout call after the seed, 1 to 2^53-1 (default 1); any K is instant
  --variant NAME   ${VARIANTS.join(', ')} (default dropout)
  --build NAME     whose masks (default: default): default (PyTorch 2.7 and later, and any
                   build without MKL: macOS arm64, Linux aarch64, Debian) or x86-mkl (official
                   x86-64 wheels and conda packages up to 2.6)
  --eval           training=False: the input comes back unchanged
  --inplace        inplace=True
  --json           print shape, dtype, mask, output, repr, seed, call, variant, build and p as JSON
  -h, --help       this text

Exit status: 0 done, 1 PyTorch raised or the literal could not be read, 2 usage error.

dropout-lens run FILE.py prints what python FILE.py prints, replayed without Python, for the
seeded PyTorch code it can follow (- reads the script from stdin). It exits 0 when it followed
every statement, 3 at the first one it cannot follow (FILE.py:LINE: cannot replay ... on stderr),
1 where Python would raise (its traceback on stderr). --seed S seeds the draws made before any
torch.manual_seed; without it they get a fresh seed, shown on stderr. --build NAME replays that
build's draws (and, for x86-mkl, PyTorch 2.6's messages). Values PyTorch computes through
machine-dependent code (a matrix product, float64 normal draws) are marked approximate on stderr.`;

export interface CliResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

interface Options {
  p: number;
  pIsInt: boolean;
  seed?: string;
  call: number;
  variant: Variant;
  build: Build;
  training: boolean;
  inplace: boolean;
  json: boolean;
  literal?: string;
  help: boolean;
}

class UsageError extends Error {}

const VALUE_FLAGS = new Set(['--p', '--seed', '--call', '--variant', '--build']);
const BOOL_FLAGS = new Set(['--eval', '--inplace', '--json', '--help', '-h']);

function parseArgs(args: readonly string[]): Options {
  const o: Options = { p: 0.5, pIsInt: false, call: 1, variant: 'dropout', build: 'default', training: true, inplace: false, json: false, help: false };
  let literalSeen = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    // A literal may itself start with '-' (`-1.5`, `-[1]`); flags are `--name` and `-h`.
    const isFlag = arg.startsWith('--') || arg === '-h';
    if (!isFlag) {
      if (literalSeen) throw new UsageError(`more than one literal given (${JSON.stringify(arg)}); quote the literal as one argument`);
      literalSeen = true;
      if (arg !== '-') o.literal = arg;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (BOOL_FLAGS.has(name)) {
      if (eq > 0) throw new UsageError(`${name} takes no value`);
      if (name === '--eval') o.training = false;
      else if (name === '--inplace') o.inplace = true;
      else if (name === '--json') o.json = true;
      else o.help = true;
      continue;
    }
    if (!VALUE_FLAGS.has(name)) throw new UsageError(`unknown option ${name}`);
    let value: string;
    if (eq > 0) {
      value = arg.slice(eq + 1);
    } else {
      if (i + 1 >= args.length) throw new UsageError(`${name} needs a value`);
      value = args[++i];
    }
    switch (name) {
      case '--p': {
        const p = pyFloatFromString(value);
        if (p === undefined) throw new UsageError(`--p: not a number: ${JSON.stringify(value)}`);
        o.p = p;
        o.pIsInt = /^\s*[+-]?\d+(_\d+)*\s*$/.test(value);
        break;
      }
      case '--seed':
        if (!/^\s*[+-]?\d+(_\d+)*\s*$/.test(value)) throw new UsageError(`--seed: not an integer: ${JSON.stringify(value)}`);
        o.seed = value;
        break;
      case '--call':
        if (!/^\d+$/.test(value) || !isCallIndex(Number(value))) {
          throw new UsageError(`--call: expected an integer from 1 to ${MAX_CALL}, got ${JSON.stringify(value)}`);
        }
        o.call = Number(value);
        break;
      case '--variant':
        if (!(VARIANTS as readonly string[]).includes(value)) throw new UsageError(`--variant: unknown variant ${JSON.stringify(value)} (one of ${VARIANTS.join(', ')})`);
        o.variant = value as Variant;
        break;
      case '--build':
        if (!isBuild(value)) throw new UsageError(`--build: unknown build ${JSON.stringify(value)} (one of ${BUILDS.join(', ')})`);
        o.build = value;
        break;
    }
  }
  return o;
}

/** An element as JSON can carry it exactly: nan/inf/-0 as strings, bool as true/false. */
function jsonValue(v: number, dtype: Tensor['dtype']): number | string | boolean {
  if (dtype === 'bool') return v !== 0;
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (Object.is(v, -0)) return '-0.0';
  return v;
}

/**
 * Runs the tool. `readStdin` is called only when the literal comes from stdin; it returns
 * undefined when there is none to read (an interactive terminal).
 */
export function runCli(args: readonly string[], readStdin: () => string | undefined): CliResult {
  if (args[0] === 'run') return runReplayCli(args.slice(1), readStdin);
  const err: string[] = [];
  let o: Options;
  try {
    o = parseArgs(args);
  } catch (e) {
    if (e instanceof UsageError) return { stdout: '', stderr: `dropout-lens: ${e.message}\n${USAGE}\n`, exitCode: 2 };
    throw e;
  }
  if (o.help) return { stdout: HELP + '\n', stderr: '', exitCode: 0 };
  const text = o.literal ?? readStdin();
  if (text === undefined) return { stdout: '', stderr: `dropout-lens: no literal given (pass it as an argument, or on stdin with -)\n${USAGE}\n`, exitCode: 2 };
  try {
    const seed = o.seed ?? freshSeed();
    // Validate before reading the literal: a seed torch.manual_seed refuses is PyTorch's error.
    parseSeed(seed);
    if (o.seed === undefined) err.push(`seed: ${seed}`);
    const input = parseTensorLiteral(text).tensor;
    const r = runDropout(input, { variant: o.variant, build: o.build, p: o.p, pIsInt: o.pIsInt, training: o.training, inplace: o.inplace, seed, call: o.call });
    for (const w of r.warnings) err.push(`UserWarning: ${w}`);
    const y = r.output;
    const printed = repr(y);
    let stdout = printed + '\n';
    if (o.json) {
      const out = {
        variant: r.variant,
        build: o.build,
        // JSON has no nan/inf: p is written like the elements.
        p: jsonValue(o.p, 'float64'),
        seed: r.seed,
        call: r.call,
        training: o.training,
        inplace: o.inplace,
        shape: y.shape,
        dtype: y.dtype,
        requires_grad: y.requiresGrad,
        grad_fn: y.gradFn ?? null,
        mask_shape: r.plan.noiseShape,
        mask: r.mask === null ? null : Array.from(r.mask),
        kept: r.mask === null ? null : r.kept,
        output: Array.from(y.data, (v) => jsonValue(v, y.dtype)),
        repr: printed,
        warnings: r.warnings,
      };
      stdout = JSON.stringify(out) + '\n';
    }
    return { stdout, stderr: err.map((l) => l + '\n').join(''), exitCode: 0 };
  } catch (e) {
    if (e instanceof LiteralError) {
      const where = `line ${e.line}, column ${e.column}`;
      err.push(e.pyType ? `${e.pyType}: ${e.message}\n  (in the literal at ${where})` : `dropout-lens: cannot read the literal: ${where}: ${e.message}`);
    } else if (e instanceof TorchError) {
      if (e instanceof DropoutError) for (const w of e.warnings) err.push(`UserWarning: ${w}`);
      err.push(e.pythonText);
    } else {
      throw e;
    }
    return { stdout: '', stderr: err.map((l) => l + '\n').join(''), exitCode: 1 };
  }
}

/** Whether `args` take the literal from stdin: no literal argument, and nothing that answers without one. */
function readsStdin(args: readonly string[]): boolean {
  if (args[0] === 'run') return runReadsStdin(args.slice(1));
  try {
    const o = parseArgs(args);
    return !o.help && o.literal === undefined;
  } catch (e) {
    if (e instanceof UsageError) return false;
    throw e;
  }
}

/** The program: stdin read (as a stream, within the literal size limit) only when the literal comes from it. */
async function main(args: readonly string[]): Promise<CliResult> {
  // tty.isatty, not process.stdin.isTTY: the latter opens stdin even when the literal is an argument.
  if (!readsStdin(args) || tty.isatty(0)) return runCli(args, () => undefined);
  let read;
  try {
    read = await readLimited(process.stdin, DEFAULT_MAX_CHARS);
  } catch (e) {
    return { stdout: '', stderr: `dropout-lens: cannot read stdin: ${e instanceof Error ? e.message : String(e)}\n`, exitCode: 1 };
  }
  if ('tooLong' in read) {
    return { stdout: '', stderr: `dropout-lens: cannot read the literal: stdin holds more than ${DEFAULT_MAX_CHARS} characters, the limit for a literal\n`, exitCode: 1 };
  }
  const text = read.text;
  return runCli(args, () => text);
}

if (require.main === module) {
  // A reader that stops early (`| head`) closes the pipe: stop writing quietly, as other tools do.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') process.exitCode = 1;
    });
  }
  void main(process.argv.slice(2)).then((result) => {
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    process.exitCode = result.exitCode;
  });
}
