/**
 * `torch.manual_seed(42)` in the user's code: the seed the code sets before its dropout runs, so
 * a run on a literal of that code shows the mask the code itself draws. Read, never evaluated:
 * only an integer literal counts.
 */
import { effectiveValue, findDropoutCalls, type DropoutCall } from './dropoutCalls';
import { dottedName, readPython } from './python/reader';
import { scopesAt, type Scope } from './scope';

interface SeedCall {
  /** The seed as written, without underscores (`-1`, `1234`); the core checks its range. */
  readonly seed: string;
  /** The call, `torch.manual_seed` to its closing parenthesis. */
  readonly start: number;
  readonly end: number;
}

// torch.cuda.manual_seed seeds another generator (Philox on the GPU): it does not count.
const CALLEES = new Set(['torch.manual_seed', 'torch.random.manual_seed']);
const INTEGER = /^[+-]?\d(?:_?\d)*$/;

export function findManualSeeds(text: string): SeedCall[] {
  // A text that never names it is not parsed (a data file holding a huge literal, say).
  if (!text.includes('manual_seed')) return [];
  const source = readPython(text);
  const seeds: SeedCall[] = [];
  source.tree.iterate({
    enter: (ref) => {
      if (ref.name !== 'CallExpression') return;
      const callee = ref.node.firstChild;
      const argList = ref.node.lastChild;
      const name = callee ? dottedName(source, callee) : undefined;
      if (!name || !CALLEES.has(name) || argList?.name !== 'ArgList' || argList.lastChild?.name !== ')') return;
      const argument = text.slice(argList.from + 1, argList.to - 1).replace(/\s+/g, '');
      if (INTEGER.test(argument)) seeds.push({ seed: argument.replace(/_/g, '').replace(/^\+/, ''), start: ref.from, end: ref.to });
    },
  });
  return seeds;
}

/**
 * The last `torch.manual_seed(<int>)` before `offset` in the innermost enclosing scope that has
 * one. A seed inside another function runs when that function is called, not in reading order,
 * so only seeds whose own scope encloses the literal count.
 */
// A def on the first line starts where the module does: the kind tells them apart.
const key = (scope: Scope) => `${scope.kind}@${scope.start}`;

export function seedInScope(text: string, offset: number): SeedCall | undefined {
  const before = findManualSeeds(text).filter((s) => s.end <= offset);
  if (before.length === 0) return undefined;
  const own = new Map(before.map((s) => [s, key(scopesAt(text, s.start)[0])]));
  for (const scope of scopesAt(text, offset)) {
    const inScope = before.filter((s) => own.get(s) === key(scope));
    if (inScope.length > 0) return inScope[inScope.length - 1];
  }
  return undefined;
}

/**
 * The functional dropout calls (`F.dropout(x, 0.2)`, `torch.dropout(...)`) written after `seed`
 * and ending before `offset`, in the seed's own scope: each draws from the generator first, so
 * what runs at `offset` is not the first draw after the seed. Left out: calls that draw nothing
 * (training=False, p=0 or p=1). Not seen: modules applied by name (`drop(x)`) and other random
 * operations, which the code gives no sign of here.
 */
export function drawsBefore(text: string, seed: SeedCall, offset: number): DropoutCall[] {
  const scope = key(scopesAt(text, seed.start)[0]);
  return findDropoutCalls(text).filter((call) => {
    if (call.form === 'module' || call.calleeStart < seed.end || call.end > offset) return false;
    const training = effectiveValue(call, 'training');
    const p = effectiveValue(call, 'p');
    if ((training?.kind === 'bool' && !training.value) || (p?.kind === 'number' && (p.value === 0 || p.value === 1))) return false;
    return key(scopesAt(text, call.calleeStart)[0]) === scope;
  });
}
