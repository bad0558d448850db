// The panel's builds: the "compare builds" section (the same call drawn by the other build
// family, its mask and printout beside this one's, and why the two differ: docs/builds.md), and
// the editor's build followed when the setting changes.
import type { Build } from '../core/builds';
import { repr } from '../core/repr';
import type { Tensor } from '../core/tensor';
import type { PanelRequest, RunSettings } from '../shared/protocol';
import { h } from './dom';
import { TABLE_MAX_CELLS, TABLE_MAX_COLS, type SliceView } from './grid';
import { runOn, type Outcome } from './model';
import { format, type Strings } from '../shared/strings';

/**
 * The state after the host sends the same request again with the editor's new build (the
 * `dropoutLens.torchBuild` setting changed): the page's edits stay, the build and its reason change.
 */
export function withEditorBuild<S extends { readonly request: PanelRequest; readonly settings: RunSettings }>(state: S, request: PanelRequest): S {
  return { ...state, request, settings: { ...state.settings, build: request.settings.build } };
}

export const otherBuild = (build: Build | undefined): Build => ((build ?? 'default') === 'default' ? 'x86-mkl' : 'default');

/** How many differing cells the summary of a large slice names. */
const FIRST_DIFFERENCES = 3;

/**
 * One build's mask on the slice as a compact 0/1 table. A cell whose value the other build does
 * not share has a double border and the words "differs" for screen readers: not colour alone.
 */
function maskTable(S: Strings, build: Build, mine: Uint8Array, theirs: Uint8Array, view: SliceView, id: string): HTMLElement {
  const body = h('tbody');
  for (let r = 0; r < view.rows; r++) {
    const row = h('tr');
    for (let c = 0; c < view.cols; c++) {
      const i = view.offset(r, c);
      if (i < 0) {
        row.append(h('td', { class: 'pad' }));
        continue;
      }
      const differs = mine[i] !== theirs[i];
      const cell = h('td', { class: differs ? 'differ' : '', title: `${view.label(r, c)}${differs ? `: ${S.compareCellDiffers}` : ''}` }, String(mine[i]));
      if (differs) cell.append(h('span', { class: 'sr-only' }, ` ${S.compareCellDiffers}`));
      row.append(cell);
    }
    body.append(row);
  }
  return h('table', { class: 'mask-compare', id, 'aria-label': format(S.compareMaskLabel, build, view.rows, view.cols) }, body);
}

/** The masks of a slice too large for a table: how many cells each build keeps and where they first differ. */
function maskSummary(S: Strings, builds: readonly [Build, Build], a: Uint8Array, b: Uint8Array, view: SliceView): HTMLElement {
  const kept = [0, 0];
  let differ = 0;
  const first: string[] = [];
  for (let r = 0; r < view.rows; r++) {
    for (let c = 0; c < view.cols; c++) {
      const i = view.offset(r, c);
      if (i < 0) continue;
      kept[0] += a[i];
      kept[1] += b[i];
      if (a[i] === b[i]) continue;
      differ++;
      if (first.length < FIRST_DIFFERENCES) first.push(view.label(r, c));
    }
  }
  const cells = view.rows * view.cols;
  const text = format(S.compareMaskSummary, cells, builds[0], kept[0], builds[1], kept[1], differ) + (first.length ? ` ${format(S.compareFirstDiffer, first.join(', '))}` : '');
  return h('p', { id: 'compare-mask-summary' }, text);
}

/** The mask (on the slice shown above) and print(y) of `shown` (this build's run) and of the other build on the same input, side by side. */
export function renderCompare(S: Strings, input: Tensor, settings: RunSettings, shown: Outcome, view: SliceView): HTMLElement {
  const build = settings.build ?? 'default';
  const other = otherBuild(build);
  const theirs = runOn(input, { ...settings, build: other });
  const a = shown.keptElements;
  const b = theirs.keptElements;
  const table = view.rows * view.cols <= TABLE_MAX_CELLS && view.cols <= TABLE_MAX_COLS;
  const column = (name: Build, o: Outcome, mine: Uint8Array | null, yours: Uint8Array | null, id: string): HTMLElement =>
    h('div', { class: 'compare-column' },
      h('h4', {}, name),
      mine && yours && table ? maskTable(S, name, mine, yours, view, `compare-mask-${id}`) : '',
      h('pre', { id: `compare-${id}` }, o.result ? repr(o.result.output) : (o.error ?? '')));
  // The count is over the noise values drawn (one per channel for the feature variants).
  const ma = shown.result?.mask;
  const mb = theirs.result?.mask;
  let differ = 0;
  if (ma && mb) for (let i = 0; i < ma.length; i++) differ += ma[i] === mb[i] ? 0 : 1;
  return h('section', { id: 'compare', class: 'compare' },
    h('h3', {}, format(S.compareTitle, build, other)),
    h('p', { class: 'muted' }, S.compareWhy),
    ma && mb ? h('p', { id: 'compare-differ' }, format(S.compareDiffer, differ, ma.length)) : h('p', { id: 'compare-differ' }, S.compareNoDraw),
    a && b ? (table ? h('p', { class: 'muted', id: 'compare-legend' }, S.compareLegend) : maskSummary(S, [build, other], a, b, view)) : '',
    h('div', { class: 'compare-row' }, column(build, shown, a, b, 'this'), column(other, theirs, b, a, 'other')),
  );
}
