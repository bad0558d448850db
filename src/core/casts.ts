/**
 * A literal's chain of dtype casts (`.double().float().long()...`, NumPy's `.astype`) done as one
 * pass over the data, however long the chain: the casts are recorded as the chain is read and
 * their data converted once, at the end (or when a later method fails, so that a cast's own
 * error still comes first, as in Python). Reshapes in between touch only the shape, so the whole
 * chain costs the text plus one pass over the elements it produces.
 *
 * Per element, every cast is one of four value maps on the double that holds it: to float64 the
 * identity (float32, bool and this model's int64 values are all exact doubles), to float32
 * Math.fround, to int64 truncation (refused out of range), to bool `x != 0`. Any run of them
 * shortens to at most five steps with the same result: repeats are idempotent; after bool the
 * values are 0 or 1, which every later cast keeps; after truncate, fround, truncate the values
 * are integers float32 holds exactly and int64 in range, which every later fround or truncate
 * keeps.
 */
import { TWO_63 } from './lexer';
import { allocate, type DType, type TensorData } from './tensor';

export interface Cast {
  shape: number[];
  dtype: DType;
  data: TensorData;
}

type Step = 'fround' | 'trunc' | 'bool';

/** The shortest list of value maps equal to casting values of dtype `from` along `path`. */
function reduce(from: DType, path: readonly DType[]): Step[] {
  const steps: Step[] = [];
  let dtype = from;
  for (const to of path) {
    if (to === dtype) continue;
    dtype = to;
    const step: Step | undefined = to === 'float32' ? 'fround' : to === 'int64' ? 'trunc' : to === 'bool' ? 'bool' : undefined;
    const last = steps[steps.length - 1];
    if (step === undefined || step === last || last === 'bool') continue;
    const settled = steps.length >= 3 && steps.slice(-3).join() === 'trunc,fround,trunc';
    if (settled && step !== 'bool') continue;
    steps.push(step);
  }
  return steps;
}

export class CastChain {
  /** The tensor before the first cast not yet converted, and the dtypes cast to since. */
  private source: Cast | undefined;
  private path: DType[] = [];
  private ats: number[] = [];

  /** `castOne` is the single cast with its error (at the method's offset) for a value it refuses. */
  constructor(private readonly castOne: (t: Cast, to: DType, at: number) => Cast) {}

  /** Records the cast of `t` (the chain's current tensor) to `to`; the result has `t`'s data until `resolve`. */
  defer(t: Cast, to: DType, at: number): Cast {
    if (to === t.dtype) return t;
    if (!this.source) this.source = t;
    this.path.push(to);
    this.ats.push(at);
    return { shape: t.shape, dtype: to, data: t.data };
  }

  /** `t` (the chain's current tensor) with its data converted by every cast recorded. */
  resolve(t: Cast): Cast {
    const source = this.source;
    if (!source) return t;
    this.source = undefined;
    const path = this.path;
    const ats = this.ats;
    this.path = [];
    this.ats = [];
    const steps = reduce(source.dtype, path);
    const src = source.data;
    const out = allocate(t.dtype, src.length);
    for (let i = 0; i < src.length; i++) {
      let x = src[i];
      for (const s of steps) {
        if (s === 'fround') {
          x = Math.fround(x);
        } else if (s === 'bool') {
          x = x !== 0 ? 1 : 0;
        } else if (x > -TWO_63 - 1 && x < TWO_63) {
          x = Math.trunc(x) + 0;
        } else {
          // A value some cast refuses: redo the casts one by one, so the first refusal in the
          // chain's order is the one reported, with its own offset and value.
          let r: Cast = { shape: t.shape, dtype: source.dtype, data: src };
          path.forEach((to, k) => (r = this.castOne(r, to, ats[k])));
          return r;
        }
      }
      out[i] = x;
    }
    return { shape: t.shape, dtype: t.dtype, data: out };
  }
}
