/**
 * The editor's view of a replay, vscode-free: one inline output per print statement (its
 * executions merged), and the description of where a dropout call sits in the random stream.
 */
import type { Translator } from '../analysis/explain';
import type { DropoutEvent, PrintEvent } from './events';

/** Characters of a print's first line shown after its line. */
export const INLINE_MAX_CHARS = 80;
/** Executions of one print written out in its hover; the rest are counted. */
const HOVER_MAX_EXECUTIONS = 20;
/** Characters of output in one hover. */
const HOVER_MAX_CHARS = 20_000;

export interface InlineOutput {
  /** The print call's span in the replayed source; the text goes after the line holding `to`. */
  readonly from: number;
  readonly to: number;
  /** `→ tensor([0.0000, 2.5000, …` with `≈` when approximate and `(×3)` when it ran 3 times. */
  readonly text: string;
  /** Everything it printed, executions in order (cut at HOVER_MAX_*). */
  readonly full: string;
  readonly executions: number;
  readonly approximate: boolean;
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Each print statement once, in order of its first execution. */
export function inlineOutputs(prints: readonly PrintEvent[], l10n: Translator): InlineOutput[] {
  const byCall = new Map<number, PrintEvent[]>();
  for (const p of prints) {
    const list = byCall.get(p.from);
    if (list) list.push(p);
    else byCall.set(p.from, [p]);
  }
  return [...byCall.values()].map((runs) => {
    const approximate = runs.some((r) => r.approximate);
    const lines = runs[0].text.replace(/\n$/, '').split('\n');
    const first = shorten(lines[0], INLINE_MAX_CHARS) + (lines.length > 1 && lines[0].length <= INLINE_MAX_CHARS ? ' …' : '');
    const count = runs.length > 1 ? ` ${l10n.t('(×{0})', runs.length)}` : '';
    const shown = runs.slice(0, HOVER_MAX_EXECUTIONS).map((r) => r.text).join('');
    const more = runs.length > HOVER_MAX_EXECUTIONS ? `\n${l10n.t('… and {0} more executions', runs.length - HOVER_MAX_EXECUTIONS)}` : '';
    return {
      from: runs[0].from, to: runs[0].to,
      text: `→ ${approximate ? '≈ ' : ''}${first}${count}`,
      full: shorten(shown, HOVER_MAX_CHARS) + more,
      executions: runs.length, approximate,
    };
  });
}

/** "3rd draw after {1}": English ordinals, one message each so that a translation needs no suffix. */
function nthDrawAfter(n: number, seed: string, l10n: Translator): string {
  const tens = n % 100;
  const units = tens >= 11 && tens <= 13 ? 0 : n % 10;
  if (units === 1) return l10n.t('{0}st draw after {1}', n, seed);
  if (units === 2) return l10n.t('{0}nd draw after {1}', n, seed);
  if (units === 3) return l10n.t('{0}rd draw after {1}', n, seed);
  return l10n.t('{0}th draw after {1}', n, seed);
}

/**
 * "3rd draw after torch.manual_seed(42) (line 1); torch.randn(2, 5) and nn.Linear(4, 3) drew
 * before it": the settings source the panel shows for a replayed call.
 */
export function describeDraw(d: DropoutEvent, l10n: Translator): string {
  const n = d.drawsBefore + 1;
  const seed = d.origin?.span
    ? l10n.t('{0} (line {1})', d.origin.span.text, d.origin.span.line)
    : l10n.t('the unseeded generator (seed {0})', d.origin?.seed ?? '0');
  const position = nthDrawAfter(n, seed, l10n);
  const names = d.drewBefore.map((x) => x.text);
  if (names.length === 0) return l10n.t('{0}; nothing drew before it', position);
  const list = names.length === 1 ? names[0] : l10n.t('{0} and {1}', names.slice(0, -1).join(', '), names[names.length - 1]);
  return d.drawsBefore > names.length
    ? l10n.t('{0}; {1} drew before it ({2} draws in all)', position, list, d.drawsBefore)
    : l10n.t('{0}; {1} drew before it', position, list);
}
