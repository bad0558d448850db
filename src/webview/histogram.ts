// The Monte-Carlo histogram, an SVG: a bar per bin of dropped counts, a mark per bin at its
// Binomial probability, a line at the expected count n·p, and both axes titled and ticked.
import { pyFloatRepr } from '../core/pyformat';
import { format, type Strings } from '../shared/strings';
import { percent, shortNumber, svg } from './dom';
import { histogramBins, type McSummary } from './montecarlo';

/** The plot area and the margins around it (viewBox units): y ticks and title left, x ones below, the n·p label above. */
const PLOT = { left: 56, top: 22, width: 416, height: 130 };
const WIDTH = PLOT.left + PLOT.width + 8;
const HEIGHT = PLOT.top + PLOT.height + 40;
const BASE = PLOT.top + PLOT.height;

/** The smallest of 1, 2 or 5 × 10^k that cuts `span` into at most `most` steps (1 for an empty span). */
function niceStep(span: number, most: number): number {
  if (!(span > 0)) return 1;
  const raw = span / most;
  const power = 10 ** Math.floor(Math.log10(raw));
  // A hair of slack: span / most may land just above 2 × 10^k (say) in floating point.
  return [1, 2, 5].map((m) => m * power).find((s) => s >= raw * (1 - 1e-12)) ?? 10 * power;
}

/** The multiples of `step` from `low` to `high`, without the drift of repeated additions. */
function ticks(low: number, high: number, step: number): number[] {
  const out: number[] = [];
  for (let i = Math.ceil(low / step - 1e-9); i * step <= high * (1 + 1e-12); i++) out.push(Number((i * step).toPrecision(12)));
  return out;
}

/** A share as a percentage with as many decimals as the tick step needs (20%, 2.5%, 0.05%). */
function percentTick(share: number, step: number): string {
  const decimals = Math.max(0, -Math.floor(Math.log10(step * 100) + 1e-9));
  return `${(share * 100).toFixed(decimals)}%`;
}

/** The dropped counts' histogram: while running, bars are shares of all N calls and grow toward the marks. */
export function histogram(S: Strings, m: McSummary, what: string, running: boolean): SVGSVGElement {
  const bins = histogramBins(m);
  const scale = running ? m.draws : m.done;
  const low = bins[0]?.low ?? 0;
  const high = bins[bins.length - 1]?.high ?? 0;
  // Count k is drawn centred on x(k), its bar spanning x(k - 0.5) to x(k + 0.5).
  const x = (k: number): number => PLOT.left + ((k - low + 0.5) / (high - low + 1)) * PLOT.width;
  const peak = Math.max(...bins.map((b) => Math.max(b.calls / scale, b.expected)), 1e-9);
  const yStep = niceStep(peak, 4);
  // The y axis ends at the first tick at or above the tallest bar or mark.
  const yTicks = ticks(0, Math.ceil(peak / yStep - 1e-9) * yStep, yStep);
  const top = yTicks[yTicks.length - 1];
  const y = (share: number): number => BASE - (share / top) * PLOT.height;
  // An image to screen readers: its label says what the bars, marks and line show.
  const label = `${format(S.mcHistogram, what, m.units, pyFloatRepr(m.p))}; ${format(S.mcExpectedCount, shortNumber(m.units * m.p))}`;
  const chart = svg('svg', { id: 'mc-histogram', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': label });
  for (const b of bins) {
    const left = x(b.low - 0.5);
    const right = x(b.high + 0.5);
    const share = b.calls / scale;
    chart.append(svg('rect', { class: 'bar', x: left + 1, y: y(share), width: Math.max(right - left - 2, 1), height: BASE - y(share), 'data-calls': b.calls, 'data-low': b.low, 'data-high': b.high },
      svg('title', {}, `${b.low === b.high ? b.low : `${b.low}–${b.high}`}: ${percent(b.calls / m.done)} / ${percent(b.expected)}`)));
    chart.append(svg('line', { class: 'expected', x1: left + 1, x2: right - 1, y1: y(b.expected), y2: y(b.expected) }));
  }
  chart.append(...xAxis(S, what, low, high, x), ...yAxis(S, yTicks, yStep, y), ...expectedLine(S, m, x));
  return chart;
}

function xAxis(S: Strings, what: string, low: number, high: number, x: (k: number) => number): SVGElement[] {
  const parts: SVGElement[] = [svg('line', { class: 'axis-line', x1: PLOT.left, x2: PLOT.left + PLOT.width, y1: BASE, y2: BASE })];
  for (const k of ticks(low, high, Math.max(1, niceStep(high - low, 8)))) {
    parts.push(
      svg('line', { class: 'tick', x1: x(k), x2: x(k), y1: BASE, y2: BASE + 4 }),
      svg('text', { class: 'axis x-tick', x: x(k), y: BASE + 15, 'text-anchor': 'middle' }, String(k)));
  }
  parts.push(svg('text', { id: 'mc-x-title', class: 'axis-title', x: PLOT.left + PLOT.width / 2, y: HEIGHT - 4, 'text-anchor': 'middle' }, format(S.mcAxisDropped, what)));
  return parts;
}

function yAxis(S: Strings, yTicks: readonly number[], step: number, y: (share: number) => number): SVGElement[] {
  const parts: SVGElement[] = [svg('line', { class: 'axis-line', x1: PLOT.left, x2: PLOT.left, y1: PLOT.top, y2: BASE })];
  for (const share of yTicks) {
    parts.push(
      svg('line', { class: 'tick', x1: PLOT.left - 4, x2: PLOT.left, y1: y(share), y2: y(share) }),
      svg('text', { class: 'axis y-tick', x: PLOT.left - 6, y: y(share) + 4, 'text-anchor': 'end', 'data-share': share }, percentTick(share, step)));
  }
  const middle = PLOT.top + PLOT.height / 2;
  parts.push(svg('text', { id: 'mc-y-title', class: 'axis-title', x: 12, y: middle, 'text-anchor': 'middle', transform: `rotate(-90 12 ${middle})` }, S.mcAxisShare));
  return parts;
}

/** About half the width of the n·p label: nearer an edge than this, it is anchored inward. */
const LABEL_HALF = 60;

/** A dashed line at n·p, the mean of the dropped count, labelled above the plot (kept inside it at the edges). */
function expectedLine(S: Strings, m: McSummary, x: (k: number) => number): SVGElement[] {
  const mean = m.units * m.p;
  const at = x(mean);
  const anchor = at < PLOT.left + LABEL_HALF ? 'start' : at > PLOT.left + PLOT.width - LABEL_HALF ? 'end' : 'middle';
  return [
    svg('line', { id: 'mc-np', class: 'np', x1: at, x2: at, y1: PLOT.top - 4, y2: BASE }),
    svg('text', { id: 'mc-np-label', class: 'np-label', x: at, y: PLOT.top - 8, 'text-anchor': anchor }, format(S.mcExpectedCount, shortNumber(mean))),
  ];
}
