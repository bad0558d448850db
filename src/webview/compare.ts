// The panel's "compare builds" section: the same call drawn by the other build family, printed
// beside this one's, and why the two differ (docs/builds.md).
import type { Build } from '../core/builds';
import { repr } from '../core/repr';
import type { Tensor } from '../core/tensor';
import type { RunSettings } from '../shared/protocol';
import { h } from './dom';
import { runOn, type Outcome } from './model';
import { format, type Strings } from '../shared/strings';

export const otherBuild = (build: Build | undefined): Build => ((build ?? 'default') === 'default' ? 'x86-mkl' : 'default');

/** print(y) of `shown` (this build's run) and of the other build on the same input, side by side. */
export function renderCompare(S: Strings, input: Tensor, settings: RunSettings, shown: Outcome): HTMLElement {
  const build = settings.build ?? 'default';
  const other = otherBuild(build);
  const theirs = runOn(input, { ...settings, build: other });
  const column = (b: Build, o: Outcome, id: string): HTMLElement =>
    h('div', { class: 'compare-column' }, h('h4', {}, b), h('pre', { id }, o.result ? repr(o.result.output) : (o.error ?? '')));
  const a = shown.result?.mask;
  const b = theirs.result?.mask;
  let differ = 0;
  if (a && b) for (let i = 0; i < a.length; i++) differ += a[i] === b[i] ? 0 : 1;
  return h('section', { id: 'compare', class: 'compare' },
    h('h3', {}, format(S.compareTitle, build, other)),
    h('p', { class: 'muted' }, S.compareWhy),
    a && b ? h('p', { id: 'compare-differ' }, format(S.compareDiffer, differ, a.length)) : h('p', { id: 'compare-differ' }, S.compareNoDraw),
    h('div', { class: 'compare-row' }, column(build, shown, 'compare-this'), column(other, theirs, 'compare-other')),
  );
}
