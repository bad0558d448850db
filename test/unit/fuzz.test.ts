import * as assert from 'assert';
import { FUZZERS } from '../../scripts/fuzz/all';

/** Inputs per fuzzer in this short run (the CLI's are processes); `npm run fuzz` makes the long runs. */
const COUNTS: Record<string, number> = { parser: 800, cli: 8, messages: 4000, hover: 2000 };

describe('fuzzers (scripts/fuzz/all.ts), a short run with a fixed seed', () => {
  for (const f of FUZZERS) {
    it(`${f.name}: 0 crashes, 0 hangs, 0 wrong accepts`, async () => {
      const r = await f.run({ seed: 20260101, count: COUNTS[f.name] ?? 50, hangMs: 5000 });
      assert.strictEqual(r.inputs, COUNTS[f.name] ?? 50);
      assert.deepStrictEqual([r.crashes, r.hangs, r.wrongAccepts], [0, 0, 0], r.failures.join('\n'));
    });
  }
});
