/**
 * Hover latency on a 5,000-line Python file: the pure hover-building function (`explainAt`, the
 * whole Markdown text with its worked-out numbers) on the whole document, as the provider does,
 * measured under Node: the reader parses the document once (after a keystroke, again where it
 * changed: see the reader's figures below). The provider adds only VS Code's own objects (MarkdownString, Range).
 * Then one diagnostics pass (`diagnose`, what runs as a file opens and after each edit) over
 * a file holding a 10^6-element literal, with and without a dropout call. Last, the Python
 * reader (a Lezer parse) of both files, and the tensor expression at a cursor, which reads it.
 *
 *   npm run bench:hover
 */
import { performance } from 'perf_hooks';
import { diagnose } from '../src/analysis/diagnose';
import { findDropoutCalls } from '../src/analysis/dropoutCalls';
import { explainAt, type Translator } from '../src/analysis/explain';
import { tensorExpressionAt } from '../src/analysis/literalAt';
import { readPython } from '../src/analysis/python/reader';

const LINES = 5000;
const TARGET_MS = 2;

const english: Translator = { t: (message, ...args) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)])) };

/** A model file: classes with dropout layers, functional calls (some multi-line), plain code. */
function makeFile(): string {
  const out: string[] = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', ''];
  for (let k = 0; out.length < LINES; k++) {
    out.push(
      `class Block${k}(nn.Module):`,
      '    def __init__(self, rate):',
      '        super().__init__()',
      `        self.linear = nn.Linear(${16 + k % 7}, 32)`,
      `        self.drop = nn.Dropout(p=0.${1 + (k % 8)})`,
      `        self.drop2d = nn.Dropout2d(0.25, inplace=${k % 2 ? 'True' : 'False'})`,
      '',
      '    def forward(self, x):',
      '        # a comment mentioning dropout(p=3)',
      '        y = F.dropout(',
      '            self.linear(x),',
      `            p=0.${2 + (k % 5)},`,
      '            training=self.training,',
      '        )',
      `        z = torch.tensor([[1.0, 2.0, ${k}.5], [4.0, 5.0, 6.0]])`,
      '        return F.alpha_dropout(y + z.sum(), 0.1)',
      '',
    );
  }
  return out.slice(0, LINES).join('\n') + '\n';
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** What the provider does: explain the offset in the whole document. */
function hoverAt(text: string, starts: readonly number[], line: number, column: number): string | undefined {
  return explainAt(text, starts[line] + column, english, 0.5)?.markdown;
}

function stats(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))].toFixed(3);
  return `median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${s[s.length - 1].toFixed(3)} ms (${s.length} hovers)`;
}

function main(): void {
  const text = makeFile();
  const starts = lineStarts(text);
  const lines = text.split('\n');
  const cases: Record<string, { line: number; column: number }[]> = { 'on p=': [], 'on a dropout name': [], 'on other code': [] };
  for (let line = 0; line < lines.length; line++) {
    const l = lines[line];
    const p = l.indexOf('p=0.');
    if (p >= 0) cases['on p='].push({ line, column: p + 1 });
    const name = l.search(/Dropout|dropout\(/);
    if (name >= 0 && !l.includes('#')) cases['on a dropout name'].push({ line, column: name + 2 });
    if (l.includes('nn.Linear') || l.includes('return F.alpha')) cases['on other code'].push({ line, column: 9 });
  }
  // Warm-up: let the JIT compile the tokenizer and the formatting before timing.
  for (let k = 0; k < 200; k++) hoverAt(text, starts, cases['on p='][k % cases['on p='].length].line, 30);

  console.log(`hover latency, ${lines.length - 1} lines, ${text.length} characters, the document parsed once (Node ${process.version})`);
  let worst = 0;
  for (const [name, positions] of Object.entries(cases)) {
    const samples: number[] = [];
    let said = 0;
    for (const { line, column } of positions) {
      const t0 = performance.now();
      const md = hoverAt(text, starts, line, column);
      samples.push(performance.now() - t0);
      if (md) said++;
    }
    worst = Math.max(worst, ...samples.slice().sort((a, b) => a - b).slice(0, Math.ceil(samples.length * 0.95)));
    console.log(`  ${name.padEnd(18)} ${stats(samples)}; a hover for ${said}`);
  }
  const t0 = performance.now();
  const calls = findDropoutCalls(text).length;
  console.log(`  for comparison, scanning the whole file once: ${(performance.now() - t0).toFixed(3)} ms (${calls} dropout calls)`);
  console.log(`p95 over all cases ${worst.toFixed(3)} ms: ${worst < TARGET_MS ? 'within' : 'OVER'} the ${TARGET_MS} ms target`);
  if (worst >= TARGET_MS) process.exitCode = 1;
  const data = bigLiteral();
  reader(text, data);
}

/** Median milliseconds of `runs` calls of `fn`, after one warm-up call. */
function median(fn: () => unknown, runs = 9): string {
  fn();
  const samples: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return `${samples.sort((a, b) => a - b)[runs >> 1].toFixed(1)} ms`;
}

/** Fills the reader's memory of recent parses with unrelated texts, so that the next parse starts from nothing. */
function forget(): void {
  for (let k = 0; k < 8; k++) readPython(`x${k} = ${k}\n`);
}

/** The Python reader on the model file and on the 7.5 MB literal's file: from nothing, and after a keystroke. */
function reader(model: string, data: string): void {
  let nodes = 0;
  const cold = median(() => {
    forget();
    nodes = 0;
    readPython(model).tree.iterate({ enter: () => void nodes++ });
  });
  // A keystroke in the middle of the file: parsed again where it changed, from the previous tree.
  let typed = 0;
  const middle = model.indexOf('\n', model.length >> 1) + 1;
  const keystroke = median(() => {
    readPython(model);
    typed++;
    readPython(`${model.slice(0, middle)}#${typed}${model.slice(middle)}`);
  });
  console.log(`python reader, ${model.split('\n').length - 1} lines (${nodes} nodes): parse from nothing ${cold}; after a keystroke ${keystroke}; the tensor expression at a cursor from nothing ${median(() => (forget(), tensorExpressionAt(model, middle)))}`);
  console.log(`python reader, the 1000x1000 literal's file: parse from nothing ${median(() => (forget(), readPython(data)), 5)}`);
}

/** A diagnostics pass over a 7.5 MB file: the 1000x1000 literal of bench:panel, alone and used by F.dropout. */
function bigLiteral(): string {
  let seed = 12345;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return ((seed / 2147483648) * 4 - 2).toFixed(3);
  };
  const rows = Array.from({ length: 1000 }, () => `[${Array.from({ length: 1000 }, next).join(', ')}]`);
  const data = `x = torch.tensor([${rows.join(',\n ')}])\n`;
  for (const [name, text] of [['the literal alone', data], ['and F.dropout(x, p=20)', `${data}y = F.dropout(x, p=20)\n`]]) {
    const samples: number[] = [];
    let found = 0;
    for (let k = 0; k < 5; k++) {
      forget();
      const t0 = performance.now();
      found = diagnose(text).length;
      samples.push(performance.now() - t0);
    }
    samples.sort((a, b) => a - b);
    console.log(`diagnostics of a 1000x1000 literal (${text.length} characters), ${name}: median ${samples[2].toFixed(1)} ms of 5 (${found} findings)`);
  }
  return data;
}

main();
