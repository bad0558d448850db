/** The dropout functions and modules, through the core: the same checks, warnings and draws. */
import type { SyntaxNode } from '@lezer/common';
import { DropoutError, executeDropout, planDropout, type Variant } from '../../core/dropout';
import { MT19937 } from '../../core/rng';
import type { Engine } from '../engine';
import { PyRaise, stop } from '../stop';
import { asNumber, tensorValue, typeName, type Value } from '../values';
import { tracked } from './autograd';

export interface DropoutCall {
  readonly p: Value | undefined;
  readonly training: boolean;
  readonly inplace: boolean;
}

export function runDropout(e: Engine, variant: Variant, x: Value, call: DropoutCall, node: SyntaxNode): Value {
  if (x.t !== 'tensor') return stop(`${variant} of a ${typeName(x)}`, 'replay applies dropout to tensors', node);
  e.checkInitialised(x.tensor.data, node);
  const p = call.p === undefined ? 0.5 : asNumber(call.p);
  if (p === undefined) return stop(`${variant} with p of type ${call.p ? typeName(call.p) : ''}`, 'expected a number', node);
  const options = { p, training: call.training, inplace: call.inplace, pIsInt: call.p?.t === 'int' };
  let plan;
  try {
    plan = planDropout(variant, x.tensor, options);
  } catch (err) {
    if (err instanceof DropoutError) {
      warn(e, err.warnings, node);
      throw new PyRaise(err.pyType, err.message);
    }
    throw err;
  }
  warn(e, plan.warnings, node);
  // Nothing is drawn unless noise is: the unseeded generator is not started for an identity call.
  const rng = plan.mode === 'random' ? e.noise() : new MT19937(0);
  const settings = { variant, p, pIsInt: options.pIsInt, training: call.training, inplace: call.inplace };
  const result = e.events.dropout(node, settings, x.tensor, e.drawn, () => executeDropout(plan, x.tensor, rng));
  if (result.output === x.tensor) return x;
  return tensorValue(e.gradEnabled ? result.output : tracked(result.output, [], '', false));
}

export function warn(e: Engine, warnings: readonly string[], node: SyntaxNode): void {
  for (const w of warnings) e.stderr.push(`${e.fileName}:${e.lineOf(node)}: UserWarning: ${w}\n`);
}
