/**
 * Problems in dropout constructs that can be seen without running anything, with PyTorch's own
 * words where PyTorch has them. The editor layer turns these into diagnostics and quick fixes.
 */
import { pyFloatRepr, pyNumberStr } from '../core/pyformat';
import type { Variant } from '../core/dropout';
import { findDropoutCalls, type DropoutCall } from './dropoutCalls';

type FindingCode = 'p-out-of-range' | 'p-one' | 'input-rank';

export interface Fix {
  /** The replacement p, as it will be written. */
  readonly newText: string;
  /** Which wording the editor uses for the fix. */
  readonly kind: 'percentage' | 'default';
  /** For `percentage`: the percentage the user probably meant (20 for p=20). */
  readonly percent?: number;
}

export interface Finding {
  readonly code: FindingCode;
  readonly severity: 'error' | 'warning';
  readonly start: number;
  readonly end: number;
  /** PyTorch's message for `p-out-of-range`; the variant's expectation for `input-rank`. */
  readonly pytorchMessage?: string;
  readonly variant: Variant;
  /** For `input-rank`: the number of dimensions seen. */
  readonly rank?: number;
  readonly fixes: readonly Fix[];
}

export function diagnose(text: string, calls: readonly DropoutCall[] = findDropoutCalls(text)): Finding[] {
  const findings: Finding[] = [];
  for (const call of calls) {
    const p = call.args.p;
    if (p && p.value.kind === 'number') {
      const v = p.value.value;
      if (v < 0 || v > 1 || Number.isNaN(v)) {
        const fixes: Fix[] = [];
        if (v > 1 && v <= 100) fixes.push({ kind: 'percentage', newText: pyFloatRepr(v / 100), percent: v });
        fixes.push({ kind: 'default', newText: '0.5' });
        findings.push({
          code: 'p-out-of-range',
          severity: 'error',
          start: p.valueStart,
          end: p.valueEnd,
          pytorchMessage: `dropout probability has to be between 0 and 1, but got ${pyNumberStr(v, p.value.isInt)}`,
          variant: call.variant,
          fixes,
        });
      } else if (v === 1) {
        findings.push({ code: 'p-one', severity: 'warning', start: p.valueStart, end: p.valueEnd, variant: call.variant, fixes: [] });
      }
    }
    const rankFinding = inputRankFinding(text, call);
    if (rankFinding) findings.push(rankFinding);
  }
  return findings;
}

/** Dropout2d on a 3-D input silently behaves as Dropout1d in PyTorch 1.13 (with a warning). */
function inputRankFinding(text: string, call: DropoutCall): Finding | undefined {
  if (call.variant !== 'dropout2d') return undefined;
  const range = call.form === 'module' ? call.appliedTo : call.args.input && { start: call.args.input.valueStart, end: call.args.input.valueEnd };
  if (!range) return undefined;
  const rank = literalRank(text.slice(range.start, range.end));
  if (rank !== 3) return undefined;
  return { code: 'input-rank', severity: 'warning', start: range.start, end: range.end, variant: call.variant, rank, fixes: [] };
}

const SIZED = /^(?:torch|th)\.(?:randn|rand|zeros|ones|empty)\(\s*\(?\s*(\d+(?:\s*,\s*\d+)*)\s*,?\s*\)?\s*(?:,|\))/;

/** The number of dimensions of a literal input when it can be read off the text, else undefined. */
export function literalRank(expr: string): number | undefined {
  const t = expr.trim();
  const sized = SIZED.exec(t);
  if (sized) return sized[1].split(',').length;
  const list = /^(?:(?:torch|th)\.tensor\(\s*)?((?:\[\s*)+)/.exec(t);
  return list ? list[1].replace(/\s/g, '').length : undefined;
}
