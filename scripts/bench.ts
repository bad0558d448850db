/**
 * `npm run bench`: the core's speed next to its references, for 10^3, 10^5 and 10^6 float32
 * elements, in one run:
 *   parse    parseTensorLiteral(torch.tensor([...]))  vs JSON.parse of the same numbers
 *   dropout  runDropout (seeded, p=0.5)               vs torch.manual_seed + F.dropout, 1 thread
 *   repr     repr(y)                                  vs PyTorch's repr(y)
 * PyTorch is timed by spawning /usr/bin/python3 when it has torch; the same data goes to both
 * sides, and the bench checks that both give the same output bits and the same repr.
 * Times are medians of repeated runs. Targets at 10^6: parse <= 1.5x, dropout <= 1.0x, repr <= 1.0x.
 */
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { toLiteral } from '../src/core/literal';
import { parseTensorLiteral } from '../src/core/parse';
import { repr } from '../src/core/repr';
import { runDropout } from '../src/core/run';
import { makeTensor, type Tensor } from '../src/core/tensor';

const SIZES = [1_000, 100_000, 1_000_000];
const SEED = 1234;
const P = 0.5;
const PYTHON = '/usr/bin/python3';

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

const PY_SCRIPT = String.raw`
import hashlib, json, sys, time
import torch, torch.nn.functional as F
torch.set_num_threads(1)
def med(fn):
    fn()
    runs = []
    end = time.perf_counter() + 0.4
    while len(runs) < 5 or (time.perf_counter() < end and len(runs) < 200):
        t0 = time.perf_counter(); fn(); runs.append((time.perf_counter() - t0) * 1e3)
    runs.sort()
    return runs[len(runs) // 2]
out = {}
for name in sys.argv[2:]:
    raw = open(sys.argv[1] + '/' + name + '.f32', 'rb').read()
    x = torch.frombuffer(bytearray(raw), dtype=torch.float32)
    def drop():
        torch.manual_seed(${SEED})
        return F.dropout(x, ${P})
    y = drop()
    out[name] = {
        'dropout_ms': med(drop),
        'repr_ms': med(lambda: repr(y)),
        'sha': hashlib.sha256(y.numpy().tobytes()).hexdigest(),
        'repr': repr(y),
    }
print(json.dumps({'torch': torch.__version__, 'threads': torch.get_num_threads(), 'cases': out}))
`;

interface PyCase {
  dropout_ms: number;
  repr_ms: number;
  sha: string;
  repr: string;
}

function runPython(tensors: Tensor[]): { torch: string; threads: number; cases: Record<string, PyCase> } | string {
  if (!fs.existsSync(PYTHON)) return `${PYTHON} not found`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dropout-lens-bench-'));
  try {
    for (const t of tensors) fs.writeFileSync(path.join(dir, `${t.data.length}.f32`), new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
    const r = spawnSync(PYTHON, ['-c', PY_SCRIPT, dir, ...tensors.map((t) => String(t.data.length))], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) return `PyTorch not available (${(r.stderr || String(r.error)).trim().split('\n').pop()})`;
    return JSON.parse(r.stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (ms: number): string => (ms < 10 ? ms.toFixed(3) : ms.toFixed(1)).padStart(9);
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}x`.padStart(7);

function main(): void {
  const tensors = SIZES.map(data);
  console.log(`Dropout Lens bench: float32 data, p=${P}, seed ${SEED}; medians in ms; Node ${process.version}`);
  const py = runPython(tensors);
  if (typeof py === 'string') console.log(`PyTorch columns skipped: ${py}`);
  else console.log(`PyTorch ${py.torch} on ${py.threads} thread (torch.set_num_threads(1))`);
  console.log('');
  console.log(`${'elements'.padStart(9)} |${'parse'.padStart(9)} ${'JSON'.padStart(9)} ${'ratio'.padStart(7)} |${'dropout'.padStart(9)} ${'PyTorch'.padStart(9)} ${'ratio'.padStart(7)} |${'repr'.padStart(9)} ${'PyTorch'.padStart(9)} ${'ratio'.padStart(7)} | same output`);
  const last: Record<string, number> = {};
  for (const t of tensors) {
    const n = t.data.length;
    const literal = toLiteral(t);
    const json = literal.slice('torch.tensor('.length, -1);
    const [parseMs, jsonMs] = time([() => parseTensorLiteral(literal), () => JSON.parse(json)]);
    const [dropMs] = time([() => runDropout(t, { p: P, seed: SEED })]);
    const y = runDropout(t, { p: P, seed: SEED }).output;
    const [reprMs] = time([() => repr(y)]);
    let pyCols = `${'-'.padStart(9)} ${'-'.padStart(7)} |${fmt(reprMs)} ${'-'.padStart(9)} ${'-'.padStart(7)} | -`;
    if (typeof py !== 'string') {
      const c = py.cases[String(n)];
      const sha = createHash('sha256').update(new Uint8Array(y.data.buffer, y.data.byteOffset, y.data.byteLength)).digest('hex');
      const same = sha === c.sha && repr(y) === c.repr ? 'yes (bits and repr)' : 'NO';
      pyCols = `${fmt(c.dropout_ms)} ${ratio(dropMs, c.dropout_ms)} |${fmt(reprMs)} ${fmt(c.repr_ms)} ${ratio(reprMs, c.repr_ms)} | ${same}`;
      last.dropout = dropMs / c.dropout_ms;
      last.repr = reprMs / c.repr_ms;
    }
    last.parse = parseMs / jsonMs;
    console.log(`${String(n).padStart(9)} |${fmt(parseMs)} ${fmt(jsonMs)} ${ratio(parseMs, jsonMs)} |${fmt(dropMs)} ${pyCols}`);
  }
  console.log('');
  const verdict = (name: string, target: number): string =>
    name in last ? `${name} ${last[name].toFixed(2)}x (target <= ${target.toFixed(1)}x: ${last[name] <= target ? 'met' : 'MISSED'})` : `${name}: no PyTorch figure`;
  console.log(`At 10^6: ${verdict('parse', 1.5)}; ${verdict('dropout', 1.0)}; ${verdict('repr', 1.0)}`);
}

main();
