/**
 * `npm run bench`, replay part: one 200-line seeded script making about 10^5 random elements
 * (randn and rand, plus dropout masks over half as many), replayed from its source text. Target: under 50 ms.
 */
import { replay } from '../src/replay';

/** 4 header lines, then groups of 4 statements, each with 1,000 randn, 1,000 rand and 1,000 dropout noise elements. */
export function replayBenchScript(): string {
  const lines = ['import torch', 'import torch.nn.functional as F', 'torch.manual_seed(0)', 'total = 0'];
  for (let i = 0; lines.length < 200; i++) {
    lines.push(`a${i} = torch.randn(1000)`, `b${i} = torch.rand(10, 100) > 0.5`, `c${i} = F.dropout(a${i}, p=0.3)`, `total += int((c${i} != 0).sum())`);
  }
  lines.push('print(total)');
  return lines.join('\n') + '\n';
}

export function benchReplay(time: (fns: (() => unknown)[]) => number[]): void {
  const script = replayBenchScript();
  const lineCount = script.split('\n').length - 1;
  const [ms, mklMs] = time([() => replay(script, { fileName: 'bench.py' }), () => replay(script, { fileName: 'bench.py', build: 'x86-mkl' })]);
  console.log('');
  console.log(`Replay: a ${lineCount}-line script, 10^5 random elements: ${ms.toFixed(1)} ms (target < 50 ms); --build x86-mkl ${mklMs.toFixed(1)} ms`);
}
