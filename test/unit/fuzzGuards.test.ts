import * as assert from 'assert';
import { fuzzer as hover } from '../../scripts/fuzz/hover';
import { fuzzer as messages } from '../../scripts/fuzz/messages';

// The two fuzzers of the boundary guards, on a fixed seed and a few thousand inputs (seconds):
// `npm run fuzz` runs them longer. A failure lists the inputs; rerun with the same seed.

describe('fuzz: the guards at the panel\'s boundary and in the hover', () => {
  for (const [fuzzer, count] of [[messages, 4000], [hover, 2000]] as const) {
    it(`${fuzzer.name}: ${count} inputs, no crash, no hang, nothing wrongly accepted`, async function () {
      this.timeout(60_000);
      const report = await fuzzer.run({ seed: 20261201, count, hangMs: 1000 });
      assert.strictEqual(report.inputs, count);
      assert.deepStrictEqual({ crashes: report.crashes, hangs: report.hangs, wrongAccepts: report.wrongAccepts }, { crashes: 0, hangs: 0, wrongAccepts: 0 }, report.failures.join('\n'));
    });
  }
});
