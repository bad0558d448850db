// The page's state in one object: each area of the page reads it and asks for changes through the
// update functions below; the areas that redraw on a change subscribe to it.
import { withEditorBuild } from './compare';
import { withoutTensor, type PanelRequest, type PanelState, type RunSettings } from '../shared/protocol';
import type { Strings } from '../shared/strings';
import type { Outcome } from './model';
import { DEFAULT_DRAWS, type McEngine, type McReply } from './montecarlo';

/** The request being shown, with the literal box's text always present (the saved form may leave it out). */
export type State = PanelState & { readonly literal: string };

export interface Change {
  literal?: string;
  settings?: Partial<RunSettings>;
  slice?: number[];
}

/** The Monte-Carlo job: which simulation is current and how far it got. */
export interface McState {
  readonly id: number;
  /** Where the last simulation ran; shown on #mc as data-engine (the tests check the worker is used). */
  readonly engine: McEngine;
  /** What the current simulation was started for (the input and the settings it depends on). */
  readonly key: string;
  /** A simulation was started and has neither finished nor been stopped. */
  readonly running: boolean;
  /** The Stop button ended the simulation before its N calls. */
  readonly stopped: boolean;
  readonly lastReply: McReply | null;
}

/** What changed: `input` (the literal, the settings, the slice: re-run), `view` (re-render now), `draws` (N). */
export type Topic = 'input' | 'view' | 'draws';

/** Everything the page shows besides the DOM itself. */
interface PageState {
  readonly strings: Strings | null;
  readonly state: State | null;
  /** Bumped when the literal changes: cheaper to compare than a literal of megabytes. */
  readonly literalVersion: number;
  /** The call as last run on the shown input; null while the literal is an error. */
  readonly outcome: Outcome | null;
  /** The "Compare builds" switch: a view choice, not saved with the state. */
  readonly comparing: boolean;
  /** N, the calls to simulate: saved with the state, and kept for the next request. */
  readonly draws: number;
  readonly mc: McState;
}

/** The page state, read by any area and changed only through the functions below. */
export class Store {
  private page: PageState;
  private readonly listeners: ((topic: Topic) => void)[] = [];

  constructor(saved: PanelState | undefined, private readonly persist: (state: PanelState) => void) {
    this.page = {
      strings: null,
      state: saved ? { ...saved, literal: saved.literal ?? saved.request.literal } : null,
      literalVersion: 0,
      outcome: null,
      comparing: false,
      draws: saved?.draws ?? DEFAULT_DRAWS,
      mc: { id: 0, engine: 'worker', key: '', running: false, stopped: false, lastReply: null },
    };
  }

  get strings(): Strings | null { return this.page.strings; }
  get state(): State | null { return this.page.state; }
  get literalVersion(): number { return this.page.literalVersion; }
  get outcome(): Outcome | null { return this.page.outcome; }
  get comparing(): boolean { return this.page.comparing; }
  get draws(): number { return this.page.draws; }
  get mc(): McState { return this.page.mc; }

  setStrings(strings: Strings): void {
    this.set({ strings });
  }

  subscribe(listener: (topic: Topic) => void): void {
    this.listeners.push(listener);
  }

  private notify(topic: Topic): void {
    for (const listener of this.listeners) listener(topic);
  }

  /**
   * A new request, or the same one again: a reloaded page (`keepEdits`) keeps its edits; the host
   * sending it again because the build setting changed (`takeBuild`) keeps them but takes the
   * editor's build.
   */
  show(requestId: string, request: PanelRequest, again: 'keepEdits' | 'takeBuild'): void {
    const state = this.state;
    if (state?.requestId !== requestId) {
      this.save({ requestId, request, literal: request.literal, settings: request.settings, slice: [], draws: this.draws });
    } else {
      this.save(again === 'keepEdits' ? { ...state, request } : withEditorBuild(state, request));
    }
  }

  change(c: Change): void {
    const state = this.state;
    if (!state) return;
    this.save({
      ...state,
      literal: c.literal ?? state.literal,
      settings: { ...state.settings, ...c.settings },
      slice: c.slice ?? state.slice,
    });
    this.notify('input');
  }

  setComparing(comparing: boolean): void {
    this.set({ comparing });
    this.notify('view');
  }

  setDraws(draws: number): void {
    this.set({ draws });
    if (this.state) this.save({ ...this.state, draws });
    this.notify('draws');
  }

  setOutcome(outcome: Outcome | null): void {
    this.set({ outcome });
  }

  updateMc(patch: Partial<McState>): void {
    this.set({ mc: { ...this.mc, ...patch } });
  }

  private save(next: State): void {
    // Two large requests may share their preview: a new request is a new input too.
    const changed = next.literal !== this.state?.literal || next.request !== this.state?.request;
    this.set({ state: next, literalVersion: this.literalVersion + (changed ? 1 : 0) });
    // Without a large literal's tensor: the host keeps it, and sends it again with `init`.
    this.persist({ ...next, request: withoutTensor(next.request), literal: next.literal === next.request.literal ? null : next.literal });
  }

  private set(patch: Partial<PageState>): void {
    this.page = { ...this.page, ...patch };
  }
}
