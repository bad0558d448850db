// The call index over its whole range (issue #10): every entry accepts 1..MAX_CALL, refuses the
// rest with a message naming the field, and returns at once even at the largest tensor.
import * as assert from 'assert';
import { Worker } from 'worker_threads';
import { USAGE, runCli, type CliResult } from '../../src/cli';
import { DEFAULT_MAX_ELEMENTS } from '../../src/core/parse';
import { MAX_CALL, isCallIndex, runDropout } from '../../src/core/run';
import { makeTensor } from '../../src/core/tensor';
import { parsePanelRequest, parsePanelState, type PanelRequest } from '../../src/shared/protocol';

/**
 * runCli in a worker thread: on a hang (the linear skip of old) the test fails once `ms` have
 * passed instead of freezing mocha, whose timeout cannot interrupt synchronous code.
 */
function runCliInWorker(args: string[], ms: number): Promise<CliResult> {
  const source = "const { parentPort, workerData } = require('worker_threads'); parentPort.postMessage(require(workerData.cli).runCli(workerData.args, () => undefined));";
  const worker = new Worker(source, { eval: true, workerData: { cli: require.resolve('../../src/cli'), args } });
  return new Promise<CliResult>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`runCli ${args.join(' ')} did not return within ${ms / 1000} s`)), ms);
    worker.once('message', (r: CliResult) => resolve(r));
    worker.once('error', reject);
    worker.once('exit', () => clearTimeout(timer));
  }).finally(() => worker.terminate());
}

const ones = (n: number) => makeTensor({ shape: [n], dtype: 'float32', data: new Float32Array(n).fill(1) });
const maskOf = (n: number, call: number, seed = '7') => Array.from(runDropout(ones(n), { seed, call, p: 0.5 }).mask ?? []).join('');

describe('call index: 1 to MAX_CALL everywhere, any of them at once', function () {
  // A hang is caught by the worker's own deadline, which must come before mocha's.
  this.timeout(60000);

  it('is every safe integer from 1', () => {
    assert.strictEqual(MAX_CALL, 2 ** 53 - 1);
    for (const ok of [1, 2, 2 ** 32, MAX_CALL]) assert.ok(isCallIndex(ok), String(ok));
    for (const bad of [0, -1, 1.5, 2 ** 53, Infinity, NaN, '3', 3n]) assert.ok(!isCallIndex(bad), String(bad));
    assert.throws(() => runDropout(ones(2), { call: 2 ** 53 }), /call must be an integer from 1 to 9007199254740991 \(got 9007199254740992\)/);
  });

  it('counts the earlier calls exactly past 2^53 outputs (a bigint distance, not a rounded number)', () => {
    // Call k on a elements starts a(k-1) draws in, which is element j of call k' on b elements.
    // 50 (8e15 + 1) outputs is no double: a rounded distance would draw elsewhere.
    for (const [a, k, b] of [[3, 2, 1], [3, 3e15 + 1, 1], [3, Math.floor(MAX_CALL / 3), 1], [25, 8e15 + 2, 24]]) {
      const drawn = BigInt(a) * BigInt(k - 1);
      const k2 = Number(drawn / BigInt(b)) + 1;
      const j = Number(drawn % BigInt(b));
      assert.strictEqual(maskOf(a, k).slice(0, b - j), maskOf(b, k2).slice(j), `call ${k} on ${a} elements, call ${k2} on ${b}`);
    }
  });

  it(`CLI --call ${MAX_CALL} returns, also at the largest tensor (${DEFAULT_MAX_ELEMENTS} elements)`, async () => {
    const small = await runCliInWorker(['--seed', '5', '--call', String(MAX_CALL), '--json', 'torch.ones(6)'], 20000);
    assert.strictEqual(small.exitCode, 0, small.stderr);
    const j = JSON.parse(small.stdout);
    assert.strictEqual(j.call, MAX_CALL);
    assert.strictEqual(j.mask.join(''), maskOf(6, MAX_CALL, '5'));
    const largest = await runCliInWorker(['--seed', '5', '--call', String(MAX_CALL), `torch.ones(${DEFAULT_MAX_ELEMENTS})`], 20000);
    assert.strictEqual(largest.exitCode, 0, largest.stderr);
    assert.match(largest.stdout, /^tensor\(\[[02.]/);
  });

  it('CLI --call refuses what lies outside, naming the flag and the range', () => {
    for (const value of ['0', String(2 ** 53), '99999999999999999999', '1.5', '-3']) {
      const r = runCli(['--call', value, '[1.]'], () => undefined);
      assert.strictEqual(r.exitCode, 2, value);
      assert.strictEqual(r.stderr, `dropout-lens: --call: expected an integer from 1 to ${MAX_CALL}, got ${JSON.stringify(value)}\n${USAGE}\n`);
    }
  });

  it('drawn: outputs other code drew after the seed, for both builds, in the panel messages too', () => {
    // Call 3 on 5 elements starts 2 * 5 * 2 outputs in (default build), 2 in (MKL: one per call).
    const run = (o: { call?: number; drawn?: number; build?: 'x86-mkl' }) => Array.from(runDropout(ones(5), { seed: '3', p: 0.5, ...o }).mask ?? []).join('');
    assert.strictEqual(run({ drawn: 20 }), run({ call: 3 }));
    assert.strictEqual(run({ drawn: 2, build: 'x86-mkl' }), run({ call: 3, build: 'x86-mkl' }));
    assert.strictEqual(run({ drawn: 10, call: 2 }), run({ call: 3 }));
    assert.notStrictEqual(run({ drawn: 1 }), run({}));
    for (const bad of [-1, 0.5, 2 ** 53]) assert.throws(() => runDropout(ones(2), { drawn: bad }), /drawn must be an integer from 0 to 9007199254740991/);
    const request: PanelRequest = {
      literal: 'torch.ones(3)', settings: { p: 0.5, variant: 'dropout', training: true, inplace: false, seed: '1', call: 1, drawn: MAX_CALL }, origin: null, settingsSource: null,
    };
    assert.strictEqual(parsePanelRequest(request)?.settings.drawn, MAX_CALL);
    for (const drawn of [-1, 2 ** 53, 1.5, '2']) assert.strictEqual(parsePanelRequest({ ...request, settings: { ...request.settings, drawn } }), undefined, String(drawn));
  });

  it("the panel's messages and saved state carry any call index, and no other", () => {
    const request: PanelRequest = {
      literal: 'torch.ones(3)', settings: { p: 0.5, variant: 'dropout', training: true, inplace: false, seed: '1', call: MAX_CALL }, origin: null, settingsSource: null,
    };
    assert.strictEqual(parsePanelRequest(request)?.settings.call, MAX_CALL);
    assert.strictEqual(parsePanelState({ requestId: 'r', request, literal: null, settings: request.settings, slice: [] })?.settings.call, MAX_CALL);
    assert.strictEqual(parsePanelState({ requestId: 'r', request, literal: null, settings: { ...request.settings, call: 2 ** 53 }, slice: [] }), undefined);
    for (const call of [0, 2 ** 53, 1.5, '2']) assert.strictEqual(parsePanelRequest({ ...request, settings: { ...request.settings, call } }), undefined, String(call));
  });
});
