/**
 * `npm run fuzz -- --seed S --count N`: runs every fuzzer of all.ts and prints a table (inputs,
 * crashes, hangs, wrong accepts, time per input) and the failures' examples; exits 1 on any
 * failure, 2 on bad arguments. `--count name=N` sets one fuzzer's count (the CLI's inputs are
 * processes, so a long run gives it fewer), `--only a,b` runs some, `--hang-ms M` is the time
 * past which an input counts as a hang. Without --seed a seed is drawn and printed, so any run
 * can be replayed.
 */
import { FUZZERS } from './all';
import type { FuzzReport } from './types';

interface Args {
  seed: number;
  count: number;
  counts: Map<string, number>;
  only?: string[];
  hangMs: number;
}

function parseArgs(argv: readonly string[]): Args {
  const a: Args = { seed: Math.floor(Math.random() * 2 ** 31), count: 1000, counts: new Map(), hangMs: 5000 };
  const int = (flag: string, v: string | undefined): number => {
    if (v === undefined || !/^\d+$/.test(v)) throw new Error(`${flag} needs a non-negative integer, got ${JSON.stringify(v)}`);
    return Number(v);
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[++i];
    if (flag === '--seed') a.seed = int(flag, value);
    else if (flag === '--hang-ms') a.hangMs = int(flag, value);
    else if (flag === '--only') a.only = (value ?? '').split(',');
    else if (flag === '--count' && value?.includes('=')) a.counts.set(value.slice(0, value.indexOf('=')), int(flag, value.slice(value.indexOf('=') + 1)));
    else if (flag === '--count') a.count = int(flag, value);
    else throw new Error(`unknown option ${flag}`);
  }
  const names = FUZZERS.map((f) => f.name);
  for (const n of [...(a.only ?? []), ...a.counts.keys()]) if (!names.includes(n)) throw new Error(`no fuzzer named ${n} (there are ${names.join(', ')})`);
  return a;
}

function row(cells: (string | number)[]): string {
  return cells.map((c, i) => (i === 0 ? String(c).padEnd(10) : String(c).padStart(i === 5 ? 10 : 8))).join(' ');
}

async function main(): Promise<number> {
  let a: Args;
  try {
    a = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`fuzz: ${(e as Error).message}\nusage: npm run fuzz -- [--seed S] [--count N] [--count NAME=N] [--only NAME,...] [--hang-ms M]`);
    return 2;
  }
  const fuzzers = FUZZERS.filter((f) => !a.only || a.only.includes(f.name));
  console.log(`fuzz: seed ${a.seed}, hang past ${a.hangMs} ms`);
  console.log(row(['fuzzer', 'inputs', 'crashes', 'hangs', 'wrong', 'ms/input']));
  const reports: FuzzReport[] = [];
  for (const f of fuzzers) {
    const r = await f.run({ seed: a.seed, count: a.counts.get(f.name) ?? a.count, hangMs: a.hangMs });
    reports.push(r);
    console.log(row([r.name, r.inputs, r.crashes, r.hangs, r.wrongAccepts, r.msPerInput.toFixed(3)]));
  }
  for (const r of reports) for (const f of r.failures) console.log(`  ${r.name}: ${f}`);
  const sum = (k: 'inputs' | 'crashes' | 'hangs' | 'wrongAccepts'): number => reports.reduce((s, r) => s + r[k], 0);
  console.log(`fuzz: seed ${a.seed}: ${sum('inputs')} inputs, crashes / hangs / wrong accepts: ${sum('crashes')} / ${sum('hangs')} / ${sum('wrongAccepts')}`);
  return sum('crashes') + sum('hangs') + sum('wrongAccepts') > 0 ? 1 : 0;
}

void main().then((code) => {
  process.exitCode = code;
});
