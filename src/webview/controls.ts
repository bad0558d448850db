// The literal box and the controls (p, variant, train/eval, inplace, the build and its comparison,
// seed, call index): each asks the store for a change; the literal's errors are shown under its box.
import { BUILDS, type Build } from '../core/builds';
import { VARIANTS, type Variant } from '../core/dropout';
import { freshSeed, isCallIndex, MAX_CALL } from '../core/run';
import { makeTensor, type Tensor } from '../core/tensor';
import { LITERAL_BOX_MAX, LITERAL_PREVIEW, type RunSettings } from '../shared/protocol';
import { format, type Strings } from '../shared/strings';
import { button, byId, h } from './dom';
import { parseCached, pointer } from './model';
import type { State, Store } from './store';

export function renderLiteralBox(S: Strings, state: State, store: Store): HTMLElement {
  const { request } = state;
  // A literal of megabytes would be slow to lay out in a text box (`npm run bench:panel`): it is
  // shown read-only, cut short; it can still be edited in the editor it came from.
  // A large request holds only the start of its text (LITERAL_PREVIEW characters).
  const tooLong = request.large !== undefined || state.literal.length > LITERAL_BOX_MAX;
  // maxlength: a longer text would not fit the saved state (the protocol refuses it there).
  const literal = h('textarea', { id: 'literal', rows: 2, spellcheck: false, readonly: tooLong, maxlength: LITERAL_BOX_MAX, 'aria-describedby': 'literal-help literal-error' });
  literal.value = tooLong ? `${state.literal.slice(0, LITERAL_PREVIEW)}…` : state.literal;
  literal.addEventListener('input', () => store.change({ literal: literal.value }));
  return h('div', { class: 'literal' },
    h('label', { for: 'literal' }, S.literalLabel),
    literal,
    h('p', { id: 'literal-help', class: 'muted' }, tooLong ? format(S.literalTooLong, request.large?.length ?? state.literal.length) : S.literalHelp),
    h('div', { id: 'literal-error', role: 'alert' }),
  );
}

/** The tensor the box holds, or null with its error shown under the box. */
export function readLiteral(S: Strings, state: State): Tensor | null {
  const errorBox = byId('literal-error');
  const large = state.request.large;
  if (large && !large.tensor) {
    // Restored after a restart from a document that changed or is gone: the tensor was not saved.
    byId('literal').setAttribute('aria-invalid', 'true');
    errorBox.replaceChildren(h('p', { id: 'literal-gone', class: 'error' }, format(S.literalGone, large.length)));
    return null;
  }
  const parsed = large?.tensor ? { ok: true as const, tensor: makeTensor(large.tensor) } : parseCached(state.literal);
  byId('literal').setAttribute('aria-invalid', String(!parsed.ok));
  if (!parsed.ok) {
    const e = parsed.error;
    errorBox.replaceChildren(
      h('p', { class: 'error' }, format(S.parseError, e.displayText)),
      h('pre', { class: 'pointer', id: 'literal-pointer' }, pointer(state.literal.split('\n')[e.line - 1] ?? '', e.column)),
    );
    return null;
  }
  errorBox.replaceChildren();
  return parsed.tensor;
}

/** The line under the call index: which call of which seed is shown. */
export function showCallHelp(S: Strings, settings: RunSettings): void {
  byId('call-help').textContent = settings.drawn ? format(S.callHelpDrawn, settings.call, settings.seed, settings.drawn) : format(S.callHelp, settings.call, settings.seed);
}

export function renderControls(S: Strings, state: State, store: Store): HTMLFormElement {
  const { settings } = state;
  const variant = h('vscode-single-select', { id: 'variant' });
  for (const v of VARIANTS) variant.append(h('vscode-option', { value: v, selected: v === settings.variant }, v));
  variant.addEventListener('change', () => store.change({ settings: { variant: variant.value as Variant }, slice: [] }));

  const training = h('vscode-checkbox', { id: 'training', label: S.training });
  training.checked = settings.training;
  training.addEventListener('change', () => store.change({ settings: { training: training.checked } }));
  const inplace = h('vscode-checkbox', { id: 'inplace', label: S.inplace });
  inplace.checked = settings.inplace;
  inplace.addEventListener('change', () => store.change({ settings: { inplace: inplace.checked } }));

  const seed = h('vscode-textfield', { id: 'seed' });
  seed.value = settings.seed;
  seed.addEventListener('input', () => store.change({ settings: { seed: seed.value } }));
  const newSeed = button({ id: 'new-seed', secondary: true, icon: 'refresh' }, S.newSeed);
  newSeed.addEventListener('click', () => {
    seed.value = freshSeed();
    store.change({ settings: { seed: seed.value } });
  });

  const controls = h('form', { id: 'controls', class: 'controls', 'aria-label': S.controls },
    pControl(S, settings, store),
    h('div', { class: 'control' }, h('vscode-label', { for: 'variant' }, S.variantLabel), variant),
    h('div', { class: 'control checks' }, training, inplace),
    buildControl(S, settings, store),
    h('div', { class: 'control' }, h('vscode-label', { for: 'seed' }, S.seedLabel), h('div', { class: 'row' }, seed, newSeed),
      state.request.unseeded ? h('p', { id: 'seed-note', class: 'muted' }, S.unseeded) : ''),
    callControl(S, settings, store),
  );
  controls.addEventListener('submit', (event) => event.preventDefault());
  return controls;
}

function pControl(S: Strings, settings: RunSettings, store: Store): HTMLElement {
  const pRange = h('input', { id: 'p-range', type: 'range', min: 0, max: 1, step: 0.01, 'aria-label': S.pLabel });
  // Text, not number: a number field's step would mark most slider values (0.37) and code values (0.125) invalid.
  const pNumber = h('vscode-textfield', { id: 'p' });
  pRange.value = String(settings.p);
  pNumber.value = String(settings.p);
  pRange.addEventListener('input', () => {
    pNumber.value = pRange.value;
    store.change({ settings: { p: Number(pRange.value), pIsInt: false } });
  });
  pNumber.addEventListener('input', () => {
    const p = Number(pNumber.value);
    // An empty or half-typed field changes nothing; p outside [0, 1] shows PyTorch's error.
    if (pNumber.value.trim() === '' || !Number.isFinite(p)) return;
    pRange.value = String(p);
    store.change({ settings: { p, pIsInt: false } });
  });
  return h('div', { class: 'control' }, h('vscode-label', { for: 'p' }, S.pLabel), h('div', { class: 'row' }, pRange, pNumber));
}

/** The build dropdown and the "Compare builds" switch (the comparison itself: compare.ts). */
function buildControl(S: Strings, settings: RunSettings, store: Store): HTMLElement {
  const build = h('vscode-single-select', { id: 'build' });
  const buildNames: Record<Build, string> = { default: S.buildDefault, 'x86-mkl': S.buildMkl };
  for (const b of BUILDS) build.append(h('vscode-option', { value: b, selected: b === (settings.build ?? 'default') }, buildNames[b]));
  build.addEventListener('change', () => store.change({ settings: { build: build.value as Build } }));
  const compare = h('vscode-checkbox', { id: 'compare-builds', label: S.compareBuilds });
  compare.checked = store.comparing;
  compare.addEventListener('change', () => store.setComparing(compare.checked));
  return h('div', { class: 'control' }, h('vscode-label', { for: 'build' }, S.buildLabel), build, compare);
}

function callControl(S: Strings, settings: RunSettings, store: Store): HTMLElement {
  const call = h('vscode-textfield', { id: 'call', type: 'number', min: 1, max: MAX_CALL, step: 1, 'aria-describedby': 'call-help call-error' });
  call.value = String(settings.call);
  const callError = h('p', { id: 'call-error', class: 'error', role: 'alert' });
  const setCall = (text: string): void => {
    // Digits only: beyond 2^53 a number rounds to a neighbour, which must be refused, not shown.
    const valid = /^\s*\d+\s*$/.test(text) && isCallIndex(Number(text));
    call.setAttribute('aria-invalid', String(!valid));
    call.invalid = !valid;
    // An empty or out-of-range index changes nothing: the last call stays shown.
    callError.textContent = valid ? '' : format(S.callInvalid, MAX_CALL);
    if (!valid) return;
    call.value = String(Number(text));
    store.change({ settings: { call: Number(text) } });
  };
  call.addEventListener('input', () => setCall(call.value));
  const prev = button({ id: 'call-prev', secondary: true, 'icon-only': true, icon: 'chevron-left', 'aria-label': S.previousCall, title: S.previousCall });
  const next = button({ id: 'call-next', secondary: true, 'icon-only': true, icon: 'chevron-right', 'aria-label': S.nextCall, title: S.nextCall });
  const step = (by: number): void => {
    const k = Number(call.value) + by;
    if (isCallIndex(k)) setCall(String(k));
  };
  prev.addEventListener('click', () => step(-1));
  next.addEventListener('click', () => step(1));
  return h('div', { class: 'control' }, h('vscode-label', { for: 'call' }, S.callLabel), h('div', { class: 'row' }, prev, call, next),
    h('p', { id: 'call-help', class: 'muted' }), callError);
}
