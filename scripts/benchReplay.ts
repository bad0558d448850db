/**
 * `npm run bench`, replay part: one 200-line seeded script making about 10^5 random elements
 * (randn and rand, plus dropout masks over half as many), replayed from its source text. Target: under 50 ms.
 * Then the editor's part of a keystroke after the debounce, on the same script with a print in
 * every group: replay with its events, the inline outputs and the CodeLens descriptions (what
 * src/features/replay/ computes before it hands the decorations to VS Code). Target: under 100 ms.
 */
import type { Translator } from '../src/analysis/explain';
import { replay } from '../src/replay';
import { describeDraw, inlineOutputs } from '../src/replay/inline';

/** The translator of the English UI (vscode.l10n's fallback), for the texts the editor builds. */
const EN: Translator = { t: (message, ...args) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)])) };

/** 4 header lines, then groups of 4 statements, each with 1,000 randn, 1,000 rand and 1,000 dropout noise elements. */
export function replayBenchScript(): string {
  const lines = ['import torch', 'import torch.nn.functional as F', 'torch.manual_seed(0)', 'total = 0'];
  for (let i = 0; lines.length < 200; i++) {
    lines.push(`a${i} = torch.randn(1000)`, `b${i} = torch.rand(10, 100) > 0.5`, `c${i} = F.dropout(a${i}, p=0.3)`, `total += int((c${i} != 0).sum())`);
  }
  lines.push('print(total)');
  return lines.join('\n') + '\n';
}

/** The editor's work for one replay of `script`: the inline outputs and every CodeLens's description. */
function inlineView(script: string): number {
  const { events } = replay(script, { fileName: 'bench.py', budgetMs: 500 });
  return inlineOutputs(events.prints, EN).length + events.dropouts.map((d) => describeDraw(d, EN)).length;
}

export function benchReplay(time: (fns: (() => unknown)[]) => number[]): void {
  const script = replayBenchScript();
  const lineCount = script.split('\n').length - 1;
  // The same script with a print after each group, as a notebook-style script would print.
  const printing = script.replace(/^(total \+= .*)$/gm, '$1\nprint(total)').split('\n').slice(0, 200).join('\n') + '\n';
  const [ms, mklMs, editorMs] = time([
    () => replay(script, { fileName: 'bench.py' }), () => replay(script, { fileName: 'bench.py', build: 'x86-mkl' }), () => inlineView(printing),
  ]);
  console.log('');
  console.log(`Replay: a ${lineCount}-line script, 10^5 random elements: ${ms.toFixed(1)} ms (target < 50 ms); --build x86-mkl ${mklMs.toFixed(1)} ms`);
  const prints = inlineView(printing);
  console.log(`Inline outputs: a keystroke to the editor's decorations and CodeLenses after the debounce, ${printing.split('\n').length - 1} lines, ${prints} outputs and lenses: ${editorMs.toFixed(1)} ms (target < 100 ms)`);
}
