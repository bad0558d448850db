/**
 * Property: a random straight-line program over the random ops replay follows prints what the
 * core gives when called step by step on one generator (same values, same draws consumed: the
 * program ends with a `torch.rand` that shows where the stream stands), for each build: on
 * `x86-mkl`, dropout and `bernoulli_(p)` draw through MKL's stream, one output per call.
 */
import * as assert from 'assert';
import fc from 'fast-check';
import { applyDropout } from './dropoutFixtures';
import { BUILDS, type Build } from '../../src/core/builds';
import { MklBernoulli } from '../../src/core/mkl';
import { bernoulliScalarFill } from '../../src/core/random/bernoulli';
import { TorchGenerator } from '../../src/core/random/generator';
import { randintFill, randperm } from '../../src/core/random/integer';
import { normalFill } from '../../src/core/random/normal';
import { uniformFill } from '../../src/core/random/uniform';
import { repr } from '../../src/core/repr';
import { makeTensor, type Tensor } from '../../src/core/tensor';
import { replay } from '../../src/replay';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 150);

type Step =
  | { op: 'rand' | 'randn'; n: number; double: boolean }
  | { op: 'randint'; n: number; high: number }
  | { op: 'randperm'; n: number }
  | { op: 'dropout'; n: number; p: number }
  | { op: 'uniform_'; n: number; lo: number; hi: number }
  | { op: 'bernoulli_'; n: number; p: number };

const sizeArb = fc.integer({ min: 1, max: 40 });
const probArb = fc.constantFrom(0.1, 0.25, 0.5, 0.9);
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constantFrom<'rand' | 'randn'>('rand', 'randn'), n: sizeArb, double: fc.boolean() }),
  fc.record({ op: fc.constant<'randint'>('randint'), n: sizeArb, high: fc.integer({ min: 1, max: 1000 }) }),
  fc.record({ op: fc.constant<'randperm'>('randperm'), n: sizeArb }),
  fc.record({ op: fc.constant<'dropout'>('dropout'), n: sizeArb, p: probArb }),
  fc.record({ op: fc.constant<'uniform_'>('uniform_'), n: sizeArb, lo: fc.integer({ min: -5, max: 0 }), hi: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ op: fc.constant<'bernoulli_'>('bernoulli_'), n: sizeArb, p: probArb }),
);

function source(seed: number, steps: readonly Step[]): string {
  const lines = ['import torch', 'import torch.nn.functional as F', `torch.manual_seed(${seed})`];
  for (const s of steps) {
    switch (s.op) {
      case 'rand':
      case 'randn':
        lines.push(`print(torch.${s.op}(${s.n}${s.double ? ', dtype=torch.float64' : ''}))`);
        break;
      case 'randint':
        lines.push(`print(torch.randint(0, ${s.high}, (${s.n},)))`);
        break;
      case 'randperm':
        lines.push(`print(torch.randperm(${s.n}))`);
        break;
      case 'dropout':
        lines.push(`print(F.dropout(torch.ones(${s.n}), p=${s.p}))`);
        break;
      case 'uniform_':
        lines.push(`print(torch.empty(${s.n}).uniform_(${s.lo}, ${s.hi}))`);
        break;
      case 'bernoulli_':
        lines.push(`print(torch.zeros(${s.n}).bernoulli_(${s.p}))`);
        break;
    }
  }
  lines.push('print(torch.rand(2))');
  return lines.join('\n') + '\n';
}

/** The same steps on the core directly. */
function expected(seed: number, steps: readonly Step[], build: Build): string {
  const gen = new TorchGenerator(seed);
  const noise = build === 'x86-mkl' ? new MklBernoulli(gen.mt) : gen.mt;
  const out: string[] = [];
  const f32 = (n: number): Tensor => makeTensor({ shape: [n], dtype: 'float32' });
  for (const s of steps) {
    let t: Tensor;
    switch (s.op) {
      case 'rand':
      case 'randn':
        t = makeTensor({ shape: [s.n], dtype: s.double ? 'float64' : 'float32' });
        if (s.op === 'rand') uniformFill(gen, t.data as Float32Array | Float64Array);
        else normalFill(gen, t.data as Float32Array | Float64Array);
        break;
      case 'randint':
        t = makeTensor({ shape: [s.n], dtype: 'int64' });
        randintFill(gen, t.data as Float64Array, 0, s.high);
        break;
      case 'randperm':
        t = makeTensor({ shape: [s.n], dtype: 'int64', data: randperm(gen, s.n) });
        break;
      case 'dropout': {
        const ones = f32(s.n);
        ones.data.fill(1);
        t = applyDropout('dropout', ones, noise, { p: s.p }).output;
        break;
      }
      case 'uniform_':
        t = f32(s.n);
        uniformFill(gen, t.data as Float32Array, s.lo, s.hi);
        break;
      case 'bernoulli_':
        t = f32(s.n);
        bernoulliScalarFill(noise, t.data, s.p);
        break;
    }
    out.push(repr(t) + '\n');
  }
  const last = f32(2);
  uniformFill(gen, last.data as Float32Array);
  out.push(repr(last) + '\n');
  return out.join('');
}

describe('replay property: random programs equal the step-by-step core', () => {
  for (const build of BUILDS) {
    it(`${RUNS} programs of up to 12 random ops, build ${build}`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.array(stepArb, { minLength: 1, maxLength: 12 }), (seed, steps) => {
          const r = replay(source(seed, steps), { fileName: 'p.py', build });
          assert.strictEqual(r.exitCode, 0, r.stderr);
          assert.strictEqual(r.stdout, expected(seed, steps, build));
        }),
        { numRuns: RUNS },
      );
    });
  }
});
