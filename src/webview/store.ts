// The page's state in one object: each area of the page reads it and asks for changes through the
// update functions below; the areas that redraw on a change subscribe to it.
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

export class Store {
  strings: Strings | null = null;
  state: State | null;
  /** Bumped when the literal changes: cheaper to compare than a literal of megabytes. */
  literalVersion = 0;
  /** The call as last run on the shown input; null while the literal or the call is an error. */
  outcome: Outcome | null = null;
  /** The "Compare builds" switch: a view choice, not saved with the state. */
  comparing = false;
  /** N, the calls to simulate: saved with the state, and kept for the next request. */
  draws: number;
  mc: McState = { id: 0, engine: 'worker', key: '', running: false, stopped: false, lastReply: null };
  private readonly listeners: ((topic: Topic) => void)[] = [];

  constructor(saved: PanelState | undefined, private readonly persist: (state: PanelState) => void) {
    this.state = saved ? { ...saved, literal: saved.literal ?? saved.request.literal } : null;
    this.draws = saved?.draws ?? DEFAULT_DRAWS;
  }

  setStrings(strings: Strings): void {
    this.strings = strings;
  }

  subscribe(listener: (topic: Topic) => void): void {
    this.listeners.push(listener);
  }

  private notify(topic: Topic): void {
    for (const listener of this.listeners) listener(topic);
  }

  /** A new request, or the same one again (a reloaded page of the same request keeps its edits). */
  show(requestId: string, request: PanelRequest, keepEdits: boolean): void {
    const state = this.state;
    this.save(keepEdits && state?.requestId === requestId
      ? { ...state, request }
      : { requestId, request, literal: request.literal, settings: request.settings, slice: [], draws: this.draws });
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
    this.comparing = comparing;
    this.notify('view');
  }

  setDraws(draws: number): void {
    this.draws = draws;
    if (this.state) this.save({ ...this.state, draws });
    this.notify('draws');
  }

  setOutcome(outcome: Outcome | null): void {
    this.outcome = outcome;
  }

  updateMc(patch: Partial<McState>): void {
    this.mc = { ...this.mc, ...patch };
  }

  private save(next: State): void {
    // Two large requests may share their preview: a new request is a new input too.
    if (next.literal !== this.state?.literal || next.request !== this.state?.request) this.literalVersion++;
    this.state = next;
    // Without a large literal's tensor: the host keeps it, and sends it again with `init`.
    this.persist({ ...next, request: withoutTensor(next.request), literal: next.literal === next.request.literal ? null : next.literal });
  }
}
