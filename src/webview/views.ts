// The input, mask and output views (tables, or heatmaps when large: grid.ts) and, for an N-d
// tensor, the selectors of the slice they show.
import type { RunSettings } from '../shared/protocol';
import { format, type Strings } from '../shared/strings';
import { h, shortNumber } from './dom';
import { renderViews, sliceView, type ViewData } from './grid';
import type { Outcome } from './model';
import type { Store } from './store';

/** The slice selectors (N-d only) and the three views of the call; the input alone when it failed. */
export function renderTensorViews(S: Strings, o: Outcome, settings: RunSettings, store: Store): HTMLElement[] {
  const parts: HTMLElement[] = [];
  const shape = o.input.shape;
  const slice = store.state?.slice ?? [];
  if (shape.length > 2) parts.push(sliceSelectors(S, shape, slice, store));
  const views: ViewData[] = [{
    id: 'input', title: o.result && settings.inplace ? S.inputInplace : S.input,
    values: o.input.data, dtype: o.input.dtype, kept: o.keptElements,
  }];
  if (o.result && o.keptElements) {
    const plan = o.result.plan;
    const channelNote = plan.mode === 'random' && plan.block > 1 && plan.noiseShape
      ? format(S.perChannel, plan.units, plan.noiseShape.join(', '))
      : undefined;
    views.push({ id: 'mask', title: S.mask, values: o.keptElements, dtype: 'int64', kept: o.keptElements, note: channelNote });
    views.push({ id: 'output', title: S.output, values: o.result.output.data, dtype: o.result.output.dtype, kept: o.keptElements, note: scaleNote(S, o) });
  }
  parts.push(renderViews(views, sliceView(shape, slice), S));
  return parts;
}

function scaleNote(S: Strings, o: Outcome): string {
  const plan = o.result?.plan;
  if (!plan) return '';
  if (plan.mode === 'identity') return S.identityNote;
  if (plan.mode === 'zeros') return S.zerosNote;
  if (plan.add) return format(S.alphaNote, shortNumber(plan.mul[1]), shortNumber(plan.add[1]), shortNumber(plan.add[0]));
  // The factor as computed in the tensor's dtype (float32: 1.4285714626312256), shown short.
  return format(S.scaleNote, String(Number(plan.scale.toPrecision(6))));
}

function sliceSelectors(S: Strings, shape: readonly number[], saved: readonly number[], store: Store): HTMLElement {
  const lead = shape.slice(0, -2);
  const slice = lead.map((d, i) => Math.min(saved[i] ?? 0, Math.max(0, d - 1)));
  const box = h('div', { id: 'slice', class: 'slice' });
  lead.forEach((d, i) => {
    const input = h('vscode-textfield', { id: `slice-${i}`, type: 'number', min: 0, max: Math.max(0, d - 1), step: 1 });
    input.value = String(slice[i]);
    input.addEventListener('input', () => {
      const k = Number(input.value);
      if (!Number.isSafeInteger(k) || k < 0 || k >= d) return;
      const next = [...slice];
      next[i] = k;
      store.change({ slice: next });
    });
    box.append(h('vscode-label', { for: `slice-${i}` }, format(S.sliceLabel, i)), input);
  });
  box.append(h('p', { class: 'muted', id: 'slice-note' }, format(S.sliceNote, slice.join(', '), shape.join(', '))));
  return box;
}

/** Runs `redraw`, which rebuilds the slice selectors: the keyboard focus stays on the one it was on. */
export function keepingSliceFocus(redraw: () => void): void {
  const focused = document.activeElement?.id ?? '';
  redraw();
  if (!focused.startsWith('slice-')) return;
  // A new text field takes the focus once it has rendered the input it hands the focus to.
  const field = document.getElementById(focused) as HTMLElementTagNameMap['vscode-textfield'] | null;
  void field?.updateComplete.then(() => field.focus());
}

/**
 * VS Code re-themes a live page by changing <html>'s style (the --vscode-* values) and <body>'s
 * class. Tables follow by CSS alone; a heatmap read its colours when drawn, so it is drawn again.
 */
export function redrawOnThemeChange(redraw: () => void): void {
  let redrawQueued = false;
  const themeObserver = new MutationObserver(() => {
    if (redrawQueued || !document.querySelector('canvas.heatmap')) return;
    redrawQueued = true;
    requestAnimationFrame(() => {
      redrawQueued = false;
      redraw();
    });
  });
  themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
  themeObserver.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-id'] });
}
