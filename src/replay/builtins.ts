/** Python's builtins that replay follows: print first of all. */
import { numel } from '../core/tensor';
import { arg, numberArg, type Args } from './args';
import type { Engine } from './engine';
import { pyFormat } from './format';
import { iterate } from './loops';
import { pyRepr, pyStr } from './pyprint';
import { PyRaise, stop } from './stop';
import { ONE_ELEMENT } from './tensormethods';
import { asNumber, bool, float, int, NONE, str, truthy, typeName, type Value } from './values';

function strArg(a: Args, name: string, fallback: string): string {
  const v = a.kw.get(name);
  if (v === undefined || v.t === 'none') return fallback;
  if (v.t !== 'str') throw new PyRaise('TypeError', `${name} must be None or a string, not ${typeName(v)}`);
  return v.v;
}

/** The builtins over sequences and iterables. */
function callSequenceBuiltin(name: string, a: Args): Value | undefined {
  switch (name) {
    case 'len': {
      const v = a.pos[0];
      if (v.t === 'tensor') {
        if (!v.tensor.shape.length) throw new PyRaise('TypeError', 'len() of a 0-d tensor');
        return int(v.tensor.shape[0]);
      }
      if (v.t === 'list' || v.t === 'tuple') return int(v.items.length);
      if (v.t === 'str') return int(v.v.length);
      if (v.t === 'size') return int(v.dims.length);
      return stop(`len() of a ${typeName(v)}`, 'not replayed', a.node);
    }
    case 'min':
    case 'max': {
      const items = a.pos.length === 1 && (a.pos[0].t === 'list' || a.pos[0].t === 'tuple') ? a.pos[0].items : a.pos;
      const nums = items.map((v) => asNumber(v) ?? stop(`${name}() of a ${typeName(v)}`, 'not replayed', a.node));
      const pick = nums.indexOf(name === 'min' ? Math.min(...nums) : Math.max(...nums));
      return items[pick];
    }
    case 'list':
    case 'tuple': {
      const items = a.pos[0] === undefined ? [] : iterate(a.pos[0], a.node);
      return name === 'list' ? { t: 'list', items } : { t: 'tuple', items };
    }
    case 'zip': {
      if (a.kw.size) return stop('zip() with keywords', 'not replayed', a.node);
      const seqs = a.pos.map((v) => iterate(v, a.node));
      const n = seqs.length ? Math.min(...seqs.map((s) => s.length)) : 0;
      return { t: 'iter', name, items: Array.from({ length: n }, (_, i): Value => ({ t: 'tuple', items: seqs.map((s) => s[i]) })) };
    }
    case 'enumerate': {
      const start = numberArg(a, 1, 'start', 0);
      const items = iterate(a.pos[0] ?? NONE, a.node).map((v, i): Value => ({ t: 'tuple', items: [int(start + i), v] }));
      return { t: 'iter', name, items };
    }
    default:
      return undefined;
  }
}

export function callBuiltin(e: Engine, name: string, a: Args): Value | undefined {
  const onSequence = callSequenceBuiltin(name, a);
  if (onSequence) return onSequence;
  switch (name) {
    case 'print': {
      if ([...a.kw.keys()].some((k) => k !== 'sep' && k !== 'end' && k !== 'flush')) return stop('print(file=...)', 'only sep= and end= are replayed', a.node);
      for (const v of a.pos) if (v.t === 'tensor') e.checkInitialised(v.tensor.data, a.node);
      const text = a.pos.map(pyStr).join(strArg(a, 'sep', ' ')) + strArg(a, 'end', '\n');
      e.stdout.push(text);
      // Conservative: once any value was approximate, later prints may show it.
      e.events.print(a.node, text, e.approximations.size > 0);
      return NONE;
    }
    case 'range': {
      const n = a.pos.map((v, i) => {
        if (v.t !== 'int' && v.t !== 'bool') throw new PyRaise('TypeError', `'${typeName(v)}' object cannot be interpreted as an integer`);
        return numberArg(a, i, 'arg');
      });
      if (n.length === 1) return { t: 'range', start: 0, stop: n[0], step: 1 };
      if (n[2] === 0) throw new PyRaise('ValueError', 'range() arg 3 must not be zero');
      return { t: 'range', start: n[0], stop: n[1], step: n[2] ?? 1 };
    }
    case 'float':
    case 'int':
    case 'bool': {
      const v = a.pos[0] ?? int(0);
      let n: number | undefined;
      if (v.t === 'tensor') {
        if (numel(v.tensor.shape) !== 1) throw new PyRaise('ValueError', ONE_ELEMENT);
        n = v.tensor.data[0];
      } else if (v.t === 'str' && name === 'float') {
        const text = v.v.trim().toLowerCase();
        n = text === 'nan' ? NaN : text === 'inf' || text === '+inf' ? Infinity : text === '-inf' ? -Infinity : Number(text);
      } else {
        n = asNumber(v);
      }
      if (name === 'bool') return bool(truthy(v) ?? stop('bool() of this value', 'not known', a.node));
      if (n === undefined || Number.isNaN(n) && name === 'int') return stop(`${name}() of a ${typeName(v)}`, 'not replayed', a.node);
      return name === 'float' ? float(n) : int(Math.trunc(n));
    }
    case 'str':
      return str(a.pos.length ? pyStr(a.pos[0]) : '');
    case 'repr':
      return str(pyRepr(a.pos[0]));
    case 'format':
      return str(pyFormat(a.pos[0], a.pos[1]?.t === 'str' ? a.pos[1].v : ''));
    case 'abs': {
      const v = a.pos[0];
      const n = asNumber(v);
      if (n === undefined) return stop(`abs() of a ${typeName(v)}`, 'not replayed', a.node);
      return v.t === 'float' ? float(Math.abs(n)) : int(Math.abs(n));
    }
    case 'round': {
      const v = a.pos[0];
      const n = asNumber(v);
      if (n === undefined || arg(a, 1, 'ndigits')) return stop('round() with digits or of a non-number', 'not replayed', a.node);
      // Python rounds half to even.
      const r = Math.round(n);
      return int(Math.abs(n % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r);
    }
    case 'super':
      return { t: 'builtin', name: 'super()', self: e.currentSelf() };
    default:
      return undefined;
  }
}
