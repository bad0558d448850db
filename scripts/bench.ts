/**
 * `npm run bench`: the core's speed next to its references, for 10^3, 10^5 and 10^6 float32
 * elements, in one run:
 *   parse    parseTensorLiteral(torch.tensor([...]))  vs JSON.parse of the same numbers
 *   dropout  runDropout (seeded, p=0.5)               vs torch.manual_seed + F.dropout, 1 thread
 *   repr     repr(y)                                  vs PyTorch's repr(y)
 * and the Monte-Carlo of the panel: one simulated call, one snapshot of its result; and the call
 * index: runDropout at call 1 and at the last call (MAX_CALL) at 10^6 elements and the largest
 * tensor, and the generator's skip at its switch to the jump-ahead, stepping and jumping.
 * PyTorch is timed in a /usr/bin/python3 process (when it has torch) whose batches alternate
 * with Node's; the same data goes to both sides, and the bench checks that both give the same
 * output bits and the same repr. Times are medians of repeated runs.
 * Targets at 10^6: parse <= 1.5x, dropout <= 1.0x, repr <= 1.0x.
 * Then the x86-mkl build's dropout (MKL's Bernoulli stream, docs/builds.md) against PyTorch 2.6's
 * x86-64 wheel ($MKL_PYTHON), one thread each, with the same output check; target <= 1.0x.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { toLiteral } from '../src/core/literal';
import { parseTensorLiteral } from '../src/core/parse';
import { repr } from '../src/core/repr';
import { DEFAULT_MAX_ELEMENTS } from '../src/core/parse';
import { MT19937, JUMP_MIN } from '../src/core/rng';
import { MAX_CALL, runDropout } from '../src/core/run';
import { MonteCarlo } from '../src/core/stats';
import { makeTensor, type Tensor } from '../src/core/tensor';
import { benchReplay } from './benchReplay';

const SIZES = [1_000, 100_000, 1_000_000];
const SEED = 1234;
const P = 0.5;
const PYTHON = '/usr/bin/python3';
const MKL_PYTHON = process.env.MKL_PYTHON ?? '.venv-torch26/bin/python';

/**
 * Median milliseconds of each function, over at least `minRuns` runs and about `budgetMs` of
 * work. The functions run alternately, so a busy machine slows both sides of a comparison alike.
 */
function time(fns: (() => unknown)[], minRuns = 9, budgetMs = 1500): number[] {
  for (const fn of fns) fn(); // warm-up: compile, allocate
  const runs: number[][] = fns.map(() => []);
  const end = Date.now() + budgetMs;
  while (runs[0].length < minRuns || (Date.now() < end && runs[0].length < 300)) {
    fns.forEach((fn, i) => {
      const t0 = process.hrtime.bigint();
      fn();
      runs[i].push(Number(process.hrtime.bigint() - t0) / 1e6);
    });
  }
  return runs.map((r) => r.sort((a, b) => a - b)[r.length >> 1]);
}

/** Deterministic float32 values in [-1, 1): the bench must not depend on Math.random. */
function data(n: number): Tensor {
  const out = new Float32Array(n);
  let s = 0x2545f491;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return makeTensor({ shape: [n], dtype: 'float32', data: out });
}

/**
 * The PyTorch side: a persistent process, so that its timings interleave with Node's (on a busy
 * machine, measurements taken minutes apart are not comparable). One command per line:
 * `<op> <n>` with op dropout or repr answers the median ms of a short batch; `check <n>` answers
 * the output's sha256 and repr.
 */
const PY_SCRIPT = String.raw`
import hashlib, json, sys, time
import torch, torch.nn.functional as F
torch.set_num_threads(1)
def med(fn, budget):
    fn()
    runs = []
    end = time.perf_counter() + budget
    while len(runs) < 5 or (time.perf_counter() < end and len(runs) < 200):
        t0 = time.perf_counter(); fn(); runs.append((time.perf_counter() - t0) * 1e3)
    runs.sort()
    return runs[len(runs) // 2]
xs, ys = {}, {}
def drop(x):
    torch.manual_seed(${SEED})
    return F.dropout(x, ${P})
for name in sys.argv[2:]:
    raw = open(sys.argv[1] + '/' + name + '.f32', 'rb').read()
    xs[name] = torch.frombuffer(bytearray(raw), dtype=torch.float32)
    ys[name] = drop(xs[name])
print(json.dumps({'torch': torch.__version__, 'threads': torch.get_num_threads()}), flush=True)
for line in sys.stdin:
    op, name = line.split()
    if op == 'dropout':
        out = med(lambda: drop(xs[name]), 0.3)
    elif op == 'repr':
        out = med(lambda: repr(ys[name]), 0.3)
    else:
        out = {'sha': hashlib.sha256(ys[name].numpy().tobytes()).hexdigest(), 'repr': repr(ys[name])}
    print(json.dumps(out), flush=True)
`;

/** A line-per-command conversation with the PyTorch process. */
class PyTorchSide {
  private buffered = '';
  private waiting: ((line: string) => void)[] = [];
  private lines: string[] = [];

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      this.buffered += chunk;
      let i: number;
      while ((i = this.buffered.indexOf('\n')) >= 0) {
        const line = this.buffered.slice(0, i);
        this.buffered = this.buffered.slice(i + 1);
        const w = this.waiting.shift();
        if (w) w(line);
        else this.lines.push(line);
      }
    });
  }

  /** Starts PyTorch on the tensors; resolves to the side and its version line, or to why not. */
  static async start(dir: string, names: string[], python = PYTHON): Promise<{ side: PyTorchSide; torch: string; threads: number } | string> {
    if (!fs.existsSync(python)) return `${python} not found`;
    const child = spawn(python, ['-c', PY_SCRIPT, dir, ...names]);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const side = new PyTorchSide(child);
    const exited = new Promise<string>((resolve) => child.on('close', () => resolve(`PyTorch not available (${stderr.trim().split('\n').pop() ?? 'no output'})`)));
    const first = await Promise.race([side.next(), exited]);
    if (!first.startsWith('{')) return first;
    const info = JSON.parse(first) as { torch: string; threads: number };
    return { side, ...info };
  }

  private next(): Promise<string> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async ask<T>(command: string): Promise<T> {
    this.child.stdin.write(command + '\n');
    return JSON.parse(await this.next()) as T;
  }

  close(): void {
    this.child.stdin.end();
  }
}

const median = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
const fmt = (ms: number): string => (ms < 10 ? ms.toFixed(3) : ms.toFixed(1)).padStart(9);
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}x`.padStart(7);
/** Rounds of alternating Node and PyTorch batches; each side's figure is the median of its rounds. */
const ROUNDS = 5;

async function main(): Promise<void> {
  const tensors = SIZES.map(data);
  console.log(`Dropout Lens bench: float32 data, p=${P}, seed ${SEED}; medians in ms; Node ${process.version}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dropout-lens-bench-'));
  for (const t of tensors) fs.writeFileSync(path.join(dir, `${t.data.length}.f32`), new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  const py = await PyTorchSide.start(dir, tensors.map((t) => String(t.data.length)));
  if (typeof py === 'string') console.log(`PyTorch columns skipped: ${py}`);
  else console.log(`PyTorch ${py.torch} on ${py.threads} thread (torch.set_num_threads(1)), timed in rounds alternating with Node's`);
  console.log('');
  console.log(`${'elements'.padStart(9)} |${'parse'.padStart(9)} ${'JSON'.padStart(9)} ${'ratio'.padStart(7)} |${'dropout'.padStart(9)} ${'PyTorch'.padStart(9)} ${'ratio'.padStart(7)} |${'repr'.padStart(9)} ${'PyTorch'.padStart(9)} ${'ratio'.padStart(7)} | same output`);
  const last: Record<string, number> = {};
  try {
    for (const t of tensors) {
      const n = String(t.data.length);
      const literal = toLiteral(t);
      const json = literal.slice('torch.tensor('.length, -1);
      const [parseMs, jsonMs] = time([() => parseTensorLiteral(literal), () => JSON.parse(json)]);
      const y = runDropout(t, { p: P, seed: SEED }).output;
      const node = { dropout: [] as number[], repr: [] as number[] };
      const torch = { dropout: [] as number[], repr: [] as number[] };
      for (let r = 0; r < ROUNDS; r++) {
        node.dropout.push(time([() => runDropout(t, { p: P, seed: SEED })], 5, 300)[0]);
        node.repr.push(time([() => repr(y)], 5, 300)[0]);
        if (typeof py !== 'string') {
          torch.dropout.push(await py.side.ask<number>(`dropout ${n}`));
          torch.repr.push(await py.side.ask<number>(`repr ${n}`));
        }
      }
      const dropMs = median(node.dropout);
      const reprMs = median(node.repr);
      let pyCols = `${'-'.padStart(9)} ${'-'.padStart(7)} |${fmt(reprMs)} ${'-'.padStart(9)} ${'-'.padStart(7)} | -`;
      if (typeof py !== 'string') {
        const check = await py.side.ask<{ sha: string; repr: string }>(`check ${n}`);
        const sha = createHash('sha256').update(new Uint8Array(y.data.buffer, y.data.byteOffset, y.data.byteLength)).digest('hex');
        const same = sha === check.sha && repr(y) === check.repr ? 'yes (bits and repr)' : 'NO';
        const pyDrop = median(torch.dropout);
        const pyRepr = median(torch.repr);
        pyCols = `${fmt(pyDrop)} ${ratio(dropMs, pyDrop)} |${fmt(reprMs)} ${fmt(pyRepr)} ${ratio(reprMs, pyRepr)} | ${same}`;
        last.dropout = dropMs / pyDrop;
        last.repr = reprMs / pyRepr;
      }
      last.parse = parseMs / jsonMs;
      console.log(`${n.padStart(9)} |${fmt(parseMs)} ${fmt(jsonMs)} ${ratio(parseMs, jsonMs)} |${fmt(dropMs)} ${pyCols}`);
    }
    console.log('');
    await benchMkl(tensors, dir, last);
  } finally {
    if (typeof py !== 'string') py.side.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log('');
  const verdict = (name: string, target: number): string =>
    name in last ? `${name} ${last[name].toFixed(2)}x (target <= ${target.toFixed(1)}x: ${last[name] <= target ? 'met' : 'MISSED'})` : `${name}: no PyTorch figure`;
  console.log(`At 10^6: ${verdict('parse', 1.5)}; ${verdict('dropout', 1.0)}; ${verdict('repr', 1.0)}; ${verdict('x86-mkl dropout', 1.0)}`);
  benchMonteCarlo(tensors);
  benchCallIndex(tensors[tensors.length - 1]);
  benchReplay(time);
}

/** The x86-mkl build's dropout against PyTorch 2.6's x86-64 wheel, which draws with MKL. */
async function benchMkl(tensors: Tensor[], dir: string, last: Record<string, number>): Promise<void> {
  const py = await PyTorchSide.start(dir, tensors.map((t) => String(t.data.length)), MKL_PYTHON);
  if (typeof py === 'string') {
    console.log(`x86-mkl dropout: PyTorch column skipped: ${py}`);
    return;
  }
  console.log(`x86-mkl dropout against PyTorch ${py.torch} (${MKL_PYTHON}) on ${py.threads} thread`);
  console.log(`${'elements'.padStart(9)} |${'x86-mkl'.padStart(9)} ${'PyTorch'.padStart(9)} ${'ratio'.padStart(7)} | same output`);
  try {
    for (const t of tensors) {
      const n = String(t.data.length);
      const run = (): Tensor => runDropout(t, { p: P, seed: SEED, build: 'x86-mkl' }).output;
      const node: number[] = [];
      const torch: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        node.push(time([run], 5, 300)[0]);
        torch.push(await py.side.ask<number>(`dropout ${n}`));
      }
      const y = run();
      const check = await py.side.ask<{ sha: string; repr: string }>(`check ${n}`);
      const sha = createHash('sha256').update(new Uint8Array(y.data.buffer, y.data.byteOffset, y.data.byteLength)).digest('hex');
      const same = sha === check.sha && repr(y) === check.repr ? 'yes (bits and repr)' : 'NO';
      const [ms, pyMs] = [median(node), median(torch)];
      last['x86-mkl dropout'] = ms / pyMs;
      console.log(`${n.padStart(9)} |${fmt(ms)} ${fmt(pyMs)} ${ratio(ms, pyMs)} | ${same}`);
    }
  } finally {
    py.side.close();
  }
}

/**
 * The panel's Monte-Carlo (MonteCarlo of the core, as its worker runs it): one simulated call,
 * one snapshot of the result so far (what each progress report costs), and so 1,000 calls.
 */
function benchMonteCarlo(tensors: Tensor[]): void {
  console.log('');
  console.log('Monte-Carlo (the panel\'s simulation, one thread; medians in ms)');
  console.log(`${'elements'.padStart(9)} |${'1 call'.padStart(9)} ${'snapshot'.padStart(9)} |${'1,000 calls'.padStart(12)}`);
  for (const t of tensors) {
    const mc = new MonteCarlo(t, { p: P, seed: SEED });
    const [callMs, snapshotMs] = time([() => mc.run(1), () => mc.result()], 5, 1000);
    console.log(`${String(t.data.length).padStart(9)} |${fmt(callMs)} ${fmt(snapshotMs)} |${callMs.toFixed(1).padStart(10)} s`); // 1,000 calls of callMs ms: callMs seconds
  }
}

/**
 * The k-th call after the seed: earlier calls' draws are skipped by the jump-ahead, so the last
 * call should cost about what the first does plus one jump. Also the skip's switch: the
 * distance from which it jumps should take about as long stepped as jumped.
 */
function benchCallIndex(million: Tensor): void {
  console.log('');
  console.log(`Call index (runDropout, p=${P}; medians in ms)`);
  console.log(`${'elements'.padStart(9)} |${'call 1'.padStart(9)} ${`call ${MAX_CALL}`.padStart(22)}`);
  for (const t of [million, data(DEFAULT_MAX_ELEMENTS)]) {
    const [firstMs, lastMs] = time([() => runDropout(t, { p: P, seed: SEED }), () => runDropout(t, { p: P, seed: SEED, call: MAX_CALL })], 5, 1500);
    console.log(`${String(t.data.length).padStart(9)} |${fmt(firstMs)} ${fmt(lastMs).padStart(22)}`);
  }
  const [steppedMs, jumpedMs] = time([
    () => {
      const g = new MT19937(SEED);
      g.skip(JUMP_MIN - 1n);
      g.skip(1);
    },
    () => new MT19937(SEED).jumpAhead(JUMP_MIN),
  ], 5, 1500);
  console.log(`skip of ${JUMP_MIN} outputs (where skip() starts to jump): stepped ${fmt(steppedMs).trim()} ms, jumped ${fmt(jumpedMs).trim()} ms`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
