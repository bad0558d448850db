/**
 * The literal parser's fuzzer. Each input is one of:
 * - a grammar-generated literal (grammar.ts): it must be read as the tensor generated with it,
 *   and toLiteral of that tensor must read back identically (refusing it is a wrong accept's twin
 *   and counted with them);
 * - a mutation Python certainly refuses (a NUL, a lone surrogate, a keyword as the target, a
 *   line break before a method, a trailing backslash, a missing closing bracket, a second
 *   statement): it must be refused, with a LiteralError;
 * - a random mutation of a generated literal, or random text from Python-ish pieces: either read
 *   as a well-formed tensor that round-trips, or refused with a LiteralError whose line and
 *   column match its offset;
 * - now and then a short literal that makes millions of elements and a long method chain.
 * Any other exception is a crash; an input slower than hangMs is a hang.
 */
import { LiteralError } from '../../src/core/errors';
import { parseTensorLiteral } from '../../src/core/parse';
import { repr } from '../../src/core/repr';
import type { Tensor } from '../../src/core/tensor';
import { badRefusal, badRoundTrip, badTensor, tensorDiff } from './check';
import { generateLiteral } from './grammar';
import { inputSeed, Prng } from './prng';
import { Tally } from './tally';
import type { FuzzOptions, FuzzReport, Fuzzer } from './types';

const KEYWORDS = ['for', 'in', 'class', 'def', 'lambda', 'None', 'True', 'is', 'not', 'yield', 'try', 'while', 'with', 'import', 'return', 'async', 'else'];

/** Pieces random mutations insert: Python tokens, the parser's names, and characters that have broken parsers before. */
const PIECES = [
  '[', ']', '(', ')', ',', '.', ':', '=', '-', '+', '*', '**', 'e', 'e-', '_', '0x', '0b', '0o', 'j', '#', '\\', '\n', '\r', '\t', '\f', ' ', '"', "'",
  "'''", 'True', 'False', 'None', 'nan', 'inf', "float('nan')", 'float(', 'torch.', 'np.', 'numpy.', 'tensor(', 'torch.tensor(', 'dtype=', 'dtype=torch.int64',
  'requires_grad=True', 'device=', 'size=(', 'grad_fn=<', '.view(-1)', '.reshape(', '.long()', '.float()', '.astype(', 'lambda', 'for', 'in', ' = ',
  '\0', '\uD800', '\uDC00', '\uFEFF', '\u00A0', '\u2028', '…', '𝟙', '١', '9'.repeat(30), '1e308', '1e-400', '-0.', '2**63', ')'.repeat(5), '['.repeat(250),
];

const ALPHABET = '[](),.:=-+*e_x0123456789 \n\t#\\\'"TrueFalsNonftch.pyadvw';

function mutate(r: Prng, text: string): string {
  const n = 1 + r.int(3);
  let t = text;
  for (let k = 0; k < n; k++) {
    const at = r.int(t.length + 1);
    switch (r.int(7)) {
      case 0:
        t = t.slice(0, at) + t.slice(at + 1 + r.int(3));
        break;
      case 1:
        t = t.slice(0, at) + r.pick(PIECES) + t.slice(at);
        break;
      case 2:
        t = t.slice(0, at) + ALPHABET[r.int(ALPHABET.length)] + t.slice(at + 1);
        break;
      case 3: {
        const from = r.int(t.length + 1);
        t = t.slice(0, at) + t.slice(from, from + r.int(20)) + t.slice(at);
        break;
      }
      case 4:
        t = t.slice(0, at);
        break;
      case 5:
        t = t.slice(0, at) + '\n' + t.slice(at);
        break;
      default:
        t = t.slice(0, at) + t.slice(at, at + 2).split('').reverse().join('') + t.slice(at + 2);
    }
  }
  return t;
}

/** A literal with a change Python refuses, whatever the literal. */
function knownInvalid(r: Prng): { text: string; why: string } {
  const lit = generateLiteral(r, false).text;
  const at = r.int(lit.length + 1);
  switch (r.int(8)) {
    case 0:
      return { text: lit.slice(0, at) + '\0' + lit.slice(at), why: 'NUL byte' };
    case 1:
      return { text: lit.slice(0, at) + r.pick(['\uD800', '\uDBFF', '\uDC00']) + lit.slice(at), why: 'lone surrogate' };
    case 2:
      return { text: `${r.pick(KEYWORDS)}${r.pick([' = ', '=', ': torch.Tensor = '])}${lit}`, why: 'keyword as the target' };
    case 3:
      return { text: lit + r.pick(['\\', ' \\', '\\\n', '\n\\']), why: 'continuation into the end' };
    case 4:
      return { text: lit + r.pick(['\n.float()', '\n  .view(-1)', '\n.reshape(-1)']), why: 'line break before a method' };
    case 5:
      return { text: r.pick(['x =\n', 'x = # c\n', 'x:\n']) + lit, why: 'line break after =' };
    case 6:
      return { text: `${lit}\n${lit}`, why: 'a second statement' };
    default:
      // The last closing bracket gone (a bare number has none: then an extra one).
      return /[)\]]$/.test(lit) ? { text: lit.slice(0, -1), why: 'unclosed bracket' } : { text: lit + ')', why: 'unmatched bracket' };
  }
}

function junk(r: Prng): string {
  let s = '';
  const n = r.int(40);
  for (let i = 0; i < n; i++) s += r.chance(0.3) ? r.pick(PIECES) : ALPHABET[r.int(ALPHABET.length)];
  return s;
}

/** A short text making millions of elements through a long chain of casts and reshapes. */
function heavy(r: Prng): string {
  const n = r.pick([4194304, 2097152, 1000000]);
  const methods = ['.double()', '.float()', '.long()', '.bool()', '.view(-1)', '.reshape(2, -1)', '.reshape(-1)'];
  let s = `torch.${r.pick(['zeros', 'ones'])}(${n})`;
  const count = 10 + r.int(200);
  for (let i = 0; i < count; i++) s += r.pick(methods);
  return s;
}

type Outcome = { tensor: Tensor } | { error: LiteralError } | { crash: string };

function attempt(text: string): Outcome {
  try {
    return { tensor: parseTensorLiteral(text).tensor };
  } catch (e) {
    if (e instanceof LiteralError) return { error: e };
    return { crash: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

/** What is wrong with an outcome whatever the input was (a crash, a malformed error or tensor), or undefined. */
function basicProblem(text: string, o: Outcome): { crash?: string; wrong?: string } {
  if ('crash' in o) return { crash: o.crash };
  if ('error' in o) {
    const bad = badRefusal(o.error, text);
    return bad ? { wrong: `malformed refusal: ${bad}` } : {};
  }
  const bad = badTensor(o.tensor) ?? (o.tensor.data.length <= 100000 ? badRoundTrip(o.tensor) : undefined);
  if (bad) return { wrong: bad };
  try {
    if (o.tensor.data.length <= 100000) repr(o.tensor);
  } catch (e) {
    return { crash: `repr: ${String(e)}` };
  }
  return {};
}

async function run(options: FuzzOptions): Promise<FuzzReport> {
  const tally = new Tally('parser');
  const t0 = performance.now();
  for (let i = 0; i < options.count; i++) {
    const r = new Prng(inputSeed(options.seed, i));
    const mode = r.int(100);
    let text: string;
    let check: (o: Outcome) => string | undefined;
    if (mode < 45) {
      const g = generateLiteral(r);
      text = g.text;
      check = (o) => {
        if ('error' in o) return `valid literal refused: ${o.error.displayText}`;
        if ('tensor' in o) return tensorDiff(o.tensor, g.expected, !g.approximate);
        return undefined;
      };
    } else if (mode < 60) {
      const k = knownInvalid(r);
      text = k.text;
      check = (o) => ('tensor' in o ? `accepted although invalid (${k.why})` : undefined);
    } else if (mode < 99 || i === 0) {
      text = mode < 90 ? mutate(r, generateLiteral(r).text) : junk(r);
      check = () => undefined;
    } else {
      text = heavy(r);
      check = (o) => ('error' in o && !/int64 is undefined|more than/.test(o.error.message) ? `refused: ${o.error.displayText}` : undefined);
    }
    const start = performance.now();
    const outcome = attempt(text);
    const ms = performance.now() - start;
    const label = `input ${i} ${JSON.stringify(text.length > 160 ? text.slice(0, 160) + '…' : text)}`;
    const basic = basicProblem(text, outcome);
    if (basic.crash) tally.crash(`${label}: ${basic.crash}`);
    else if (ms > options.hangMs) tally.hang(`${label}: ${ms.toFixed(0)} ms`);
    const wrong = basic.wrong ?? check(outcome);
    if (!basic.crash && wrong) tally.wrong(`${label}: ${wrong}`);
    tally.inputs++;
    // Let a timer (the runner's, mocha's) run now and then.
    if (i % 2000 === 1999) await new Promise((resolve) => setImmediate(resolve));
  }
  return tally.report(performance.now() - t0);
}

export const fuzzer: Fuzzer = { name: 'parser', run };
