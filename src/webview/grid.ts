// The three aligned views (input, mask, output) of one 2-D slice: a table of numbers while it is
// readable, a canvas heatmap (values on hover / keyboard) beyond that.
import type { DType } from '../core/tensor';
import { h } from './dom';
import { format, type Strings } from '../shared/strings';

/** A 2-D window on the tensor's row-major data: the last two dimensions at fixed leading indices. */
export interface SliceView {
  readonly rows: number;
  readonly cols: number;
  /** Flat index of cell (r, c), or -1 past the end (a wrapped 1-d tensor's last row). */
  offset(r: number, c: number): number;
  /** The element's index as Python writes it, e.g. `[1, 0, 2]`. */
  label(r: number, c: number): string;
}

/** A table beyond this many cells (or columns) is unreadable and slow: a heatmap instead. */
export const TABLE_MAX_CELLS = 1024;
export const TABLE_MAX_COLS = 64;

export function sliceView(shape: readonly number[], slice: readonly number[]): SliceView {
  const nd = shape.length;
  if (nd === 0) return { rows: 1, cols: 1, offset: () => 0, label: () => '[]' };
  if (nd === 1) {
    const n = shape[0];
    // A long vector is wrapped into rows, so it fits the panel.
    const cols = n <= TABLE_MAX_COLS ? n : n <= TABLE_MAX_CELLS ? 32 : Math.ceil(Math.sqrt(n));
    const rows = cols === 0 ? 0 : Math.ceil(n / cols);
    return { rows, cols, offset: (r, c) => (r * cols + c < n ? r * cols + c : -1), label: (r, c) => `[${r * cols + c}]` };
  }
  const rows = shape[nd - 2];
  const cols = shape[nd - 1];
  const lead = shape.slice(0, nd - 2).map((d, i) => Math.min(slice[i] ?? 0, Math.max(d - 1, 0)));
  let base = 0;
  for (let i = 0, stride = rows * cols; i < lead.length; i++) {
    let s = stride;
    for (let j = i + 1; j < lead.length; j++) s *= shape[j];
    base += lead[i] * s;
  }
  const prefix = lead.map((i) => `${i}, `).join('');
  return { rows, cols, offset: (r, c) => base + r * cols + c, label: (r, c) => `[${prefix}${r}, ${c}]` };
}

/** A cell's number, short: 4 significant digits, Python's spellings of the special values. */
function cellText(v: number, dtype: DType): string {
  if (dtype === 'bool') return v ? 'True' : 'False';
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (dtype === 'int64') return String(v);
  if (v === 0) return Object.is(v, -0) ? '-0.' : '0.';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) {
    const text = String(Number(v.toPrecision(4)));
    return text.includes('.') ? text : `${text}.`;
  }
  return v.toExponential(2);
}

export interface ViewData {
  readonly title: string;
  readonly id: 'input' | 'mask' | 'output';
  readonly values: ArrayLike<number>;
  readonly dtype: DType;
  /** Per element, 1 kept / 0 dropped; null when nothing ran (an error). */
  readonly kept: Uint8Array | null;
  readonly note?: string;
}

/** The largest finite |value| over the views' cells: one colour scale for input and output. */
function scaleOf(views: readonly ViewData[], view: SliceView): number {
  let max = 0;
  for (const v of views) {
    if (v.id === 'mask') continue;
    for (let r = 0; r < view.rows; r++) {
      for (let c = 0; c < view.cols; c++) {
        const i = view.offset(r, c);
        const x = i < 0 ? 0 : Math.abs(v.values[i]);
        if (Number.isFinite(x) && x > max) max = x;
      }
    }
  }
  return max || 1;
}

/** The deepest tint of a cell, in percent: deeper, the text of Dark Modern on its charts blue falls below 4.5:1. */
const MAX_TINT = 40;

/** Cells of the numbers shown for a zoomed heatmap: ZOOM x ZOOM around the chosen cell. */
const ZOOM = 8;

/** A ZOOM x ZOOM window of `view` around (r, c), clamped to its edges. */
function zoomWindow(view: SliceView, r: number, c: number): SliceView {
  const rows = Math.min(ZOOM, view.rows);
  const cols = Math.min(ZOOM, view.cols);
  const r0 = Math.min(Math.max(0, r - (ZOOM >> 1)), view.rows - rows);
  const c0 = Math.min(Math.max(0, c - (ZOOM >> 1)), view.cols - cols);
  return { rows, cols, offset: (i, j) => view.offset(r0 + i, c0 + j), label: (i, j) => view.label(r0 + i, c0 + j) };
}

export function renderViews(views: readonly ViewData[], view: SliceView, strings: Strings): HTMLElement {
  const scale = scaleOf(views, view);
  const table = view.rows * view.cols <= TABLE_MAX_CELLS && view.cols <= TABLE_MAX_COLS;
  const container = h('div', { class: `views ${table && view.rows === 1 ? 'stacked' : ''}` });
  // A click (or Enter) on any heatmap shows the numbers around that cell in all three, aligned.
  const zooms: ((r: number, c: number) => void)[] = [];
  const zoomAll = (r: number, c: number): void => zooms.forEach((z) => z(r, c));
  for (const v of views) {
    let body: HTMLElement;
    if (table) {
      body = renderTable(v, view, scale, strings, `grid-${v.id}`);
    } else {
      const zoomBox = h('div', { class: 'zoom', id: `zoom-${v.id}` });
      zooms.push((r, c) => zoomBox.replaceChildren(renderTable(v, zoomWindow(view, r, c), scale, strings, `zoom-grid-${v.id}`)));
      body = h('div', {}, renderHeatmap(v, view, scale, strings, zoomAll), zoomBox);
    }
    const figure = h('section', { class: 'view', id: `view-${v.id}`, 'aria-labelledby': `view-${v.id}-title` }, h('h3', { id: `view-${v.id}-title` }, v.title));
    // Every view has its note line, empty or not, so the three grids stay aligned.
    figure.append(h('p', { class: 'note', id: `view-${v.id}-note` }, v.note ?? ''), body);
    container.append(figure);
  }
  return container;
}

function cellState(v: ViewData, i: number, strings: Strings): string {
  if (!v.kept) return '';
  return v.kept[i] ? strings.cellKept : strings.cellDropped;
}

function renderTable(v: ViewData, view: SliceView, scale: number, strings: Strings, id: string): HTMLElement {
  const grid = h('table', {
    class: 'grid', role: 'grid', id,
    'aria-label': format(strings.gridLabel, v.title, view.rows, view.cols),
  });
  const body = h('tbody');
  for (let r = 0; r < view.rows; r++) {
    const row = h('tr', { role: 'row' });
    for (let c = 0; c < view.cols; c++) {
      const i = view.offset(r, c);
      if (i < 0) {
        row.append(h('td', { class: 'pad', role: 'presentation' }));
        continue;
      }
      const dropped = v.kept !== null && v.kept[i] === 0;
      const text = v.id === 'mask' ? (v.kept ? String(v.kept[i]) : '') : cellText(v.values[i], v.dtype);
      const cell = h('td', {
        role: 'gridcell', tabindex: r === 0 && c === 0 ? 0 : -1, 'data-index': i,
        class: dropped ? 'dropped' : v.kept ? 'kept' : '',
        'aria-label': `${view.label(r, c)} ${text}${v.kept ? `, ${cellState(v, i, strings)}` : ''}`,
      }, text);
      if (v.id !== 'mask') {
        const x = v.values[i];
        const share = Number.isFinite(x) ? Math.round((Math.abs(x) / scale) * MAX_TINT) : MAX_TINT;
        if (x !== 0) {
          cell.classList.add(x > 0 || Number.isNaN(x) ? 'pos' : 'neg');
          cell.style.setProperty('--mix', `${share}%`);
        }
      }
      row.append(cell);
    }
    body.append(row);
  }
  grid.append(body);
  grid.addEventListener('keydown', (event) => moveFocus(grid, event));
  return grid;
}

const MOVES: Readonly<Record<string, readonly [number, number]>> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };

/** Arrow keys (and Home/End) move a roving tab stop between the cells. */
function moveFocus(grid: HTMLTableElement, event: KeyboardEvent): void {
  const cell = (event.target as HTMLElement).closest('td');
  if (!cell) return;
  const row = cell.parentElement as HTMLTableRowElement;
  let r = row.rowIndex;
  let c = cell.cellIndex;
  const move = MOVES[event.key];
  if (move) {
    r += move[0];
    c += move[1];
  } else if (event.key === 'Home') {
    c = 0;
  } else if (event.key === 'End') {
    c = row.cells.length - 1;
  } else {
    return;
  }
  const target = grid.rows[r]?.cells[c];
  if (!target || target.getAttribute('role') !== 'gridcell') return;
  event.preventDefault();
  cell.tabIndex = -1;
  target.tabIndex = 0;
  target.focus();
}

interface Rgb {
  r: number;
  g: number;
  b: number;
}

/** A theme colour (a `--vscode-*` variable) as RGB, for the canvas, which cannot read CSS variables. */
function themeColor(variable: string, fallback: Rgb): Rgb {
  const probe = h('span', { hidden: true });
  probe.style.color = `var(${variable})`;
  document.body.append(probe);
  const match = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(getComputedStyle(probe).color);
  probe.remove();
  return match ? { r: Number(match[1]), g: Number(match[2]), b: Number(match[3]) } : fallback;
}

function renderHeatmap(v: ViewData, view: SliceView, scale: number, strings: Strings, zoom: (r: number, c: number) => void): HTMLElement {
  const background = themeColor('--vscode-editor-background', { r: 30, g: 30, b: 30 });
  const positive = themeColor('--vscode-charts-red', { r: 240, g: 80, b: 80 });
  const negative = themeColor('--vscode-charts-blue', { r: 60, g: 140, b: 240 });
  const foreground = themeColor('--vscode-foreground', { r: 200, g: 200, b: 200 });
  const canvas = h('canvas', { class: 'heatmap', width: view.cols, height: view.rows, tabindex: 0, role: 'img', id: `heat-${v.id}` });
  canvas.setAttribute('aria-label', format(strings.gridLabel, v.title, view.rows, view.cols));
  const context = canvas.getContext('2d');
  if (context && view.rows * view.cols > 0) {
    const image = context.createImageData(view.cols, view.rows);
    const px = image.data;
    const mix = (to: Rgb, t: number, at: number): void => {
      px[at] = background.r + (to.r - background.r) * t;
      px[at + 1] = background.g + (to.g - background.g) * t;
      px[at + 2] = background.b + (to.b - background.b) * t;
      px[at + 3] = 255;
    };
    for (let r = 0, at = 0; r < view.rows; r++) {
      for (let c = 0; c < view.cols; c++, at += 4) {
        const i = view.offset(r, c);
        if (i < 0) continue;
        if (v.id === 'mask') {
          // Kept cells stay background, dropped ones take the text colour: a contrast, not a hue.
          mix(foreground, v.kept && v.kept[i] === 0 ? 0.85 : 0, at);
          continue;
        }
        const x = v.values[i];
        const t = Number.isFinite(x) ? Math.min(1, Math.abs(x) / scale) : 1;
        mix(x < 0 ? negative : positive, t * 0.9, at);
      }
    }
    context.putImageData(image, 0, 0);
  }
  const tip = h('p', { class: 'heat-tip', id: `heat-${v.id}-tip`, 'aria-live': 'polite' }, format(strings.heatmapNote, view.rows * view.cols));
  const cursor = h('div', { class: 'heat-cursor', hidden: true });
  let at = { r: 0, c: 0 };
  const show = (r: number, c: number): void => {
    const i = view.offset(r, c);
    if (i < 0) return;
    at = { r, c };
    const value = v.id === 'mask' ? String(v.kept?.[i] ?? '') : cellText(v.values[i], v.dtype);
    tip.textContent = `${view.label(r, c)} ${value}${v.kept ? `, ${cellState(v, i, strings)}` : ''}`;
    const w = canvas.clientWidth / view.cols;
    const hgt = canvas.clientHeight / view.rows;
    cursor.hidden = false;
    cursor.style.left = `${c * w}px`;
    cursor.style.top = `${r * hgt}px`;
    cursor.style.width = `${Math.max(w, 3)}px`;
    cursor.style.height = `${Math.max(hgt, 3)}px`;
  };
  const cellAt = (event: MouseEvent): { r: number; c: number } | null => {
    const box = canvas.getBoundingClientRect();
    const c = Math.floor(((event.clientX - box.left) / box.width) * view.cols);
    const r = Math.floor(((event.clientY - box.top) / box.height) * view.rows);
    return r >= 0 && r < view.rows && c >= 0 && c < view.cols ? { r, c } : null;
  };
  canvas.addEventListener('mousemove', (event) => {
    const cell = cellAt(event);
    if (cell) show(cell.r, cell.c);
  });
  canvas.addEventListener('click', (event) => {
    const cell = cellAt(event);
    if (cell) zoom(cell.r, cell.c);
  });
  canvas.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      zoom(at.r, at.c);
      return;
    }
    const move = MOVES[event.key];
    if (!move) return;
    event.preventDefault();
    show(Math.min(view.rows - 1, Math.max(0, at.r + move[0])), Math.min(view.cols - 1, Math.max(0, at.c + move[1])));
  });
  canvas.addEventListener('focus', () => show(at.r, at.c));
  return h('div', { class: 'heat' }, h('div', { class: 'heat-frame' }, canvas, cursor), tip);
}
