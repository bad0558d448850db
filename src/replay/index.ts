/**
 * `dropout-lens run FILE.py`: what `python FILE.py` prints, replayed without Python for the
 * subset of statements the engine follows (see README, "Replay").
 */
import { readPython } from '../analysis/python/reader';
import type { Build } from '../core/builds';
import { TorchError } from '../core/errors';
import { Engine } from './engine';
import type { ReplayEvents, StopEvent } from './events';
import { runBody } from './interpret';
import { PyRaise, ReplayStop } from './stop';
import { syntaxError } from './syntax';

export interface ReplayOptions {
  /** As the script is named in messages (`FILE.py:LINE: ...`). */
  readonly fileName: string;
  /** The seed of random draws made before any torch.manual_seed (default: a fresh one). */
  readonly seed?: string;
  /** Stop at the first statement begun after this many milliseconds (the editor's guard; default none). */
  readonly budgetMs?: number;
  /** Whose draws and messages (core/builds.ts); default `default`. */
  readonly build?: Build;
}

export interface ReplayResult {
  readonly stdout: string;
  readonly stderr: string;
  /** 0: ran to the end; 1: Python would raise (or the file is not Python); 3: stopped at a statement replay cannot follow. */
  readonly exitCode: 0 | 1 | 3;
  /** Some printed values may differ from PyTorch's in their last digits (stderr says which). */
  readonly approximate: boolean;
  /** The seed the unseeded generator got, when a draw came before any manual_seed. */
  readonly seedUsed?: string;
  /** What ran, for the editor: prints, dropouts, and where it stopped (absent when it ran to the end). */
  readonly events: ReplayEvents;
}

export function replay(source: string, options: ReplayOptions): ReplayResult {
  const py = readPython(source);
  const bad = syntaxError(py);
  if (bad) {
    const stop: StopEvent = { kind: 'syntax', line: bad.line, message: `SyntaxError: ${bad.message}` };
    const events = { prints: [], dropouts: [], stop };
    return { stdout: '', stderr: `  File "${options.fileName}", line ${bad.line}\n${bad.caret}SyntaxError: ${bad.message}\n`, exitCode: 1, approximate: false, events };
  }
  const e = new Engine(py, options.fileName, options.seed, options.build);
  if (options.budgetMs !== undefined) {
    e.budgetMs = options.budgetMs;
    e.deadline = Date.now() + options.budgetMs;
  }
  let exitCode: 0 | 1 | 3 = 0;
  let stop: StopEvent | undefined;
  // The stop or the traceback comes last on stderr (Python's `Type: message` ends it), after the notes.
  const ending: string[] = [];
  try {
    runBody(e, e.globals, py.tree.topNode);
  } catch (err) {
    if (err instanceof ReplayStop) {
      const node = err.node ?? e.frames[e.frames.length - 1].node;
      const line = node ? e.lineOf(node) : 1;
      ending.push(`${options.fileName}:${line}: ${err.message}\n`);
      stop = { kind: 'stop', line, message: err.message };
      exitCode = 3;
    } else if (err instanceof PyRaise || err instanceof TorchError) {
      const raise = err instanceof PyRaise ? err : new PyRaise(err.pyType, err.message);
      const trace = (err instanceof PyRaise && err.trace) || [{ name: '<module>', node: e.frames[0].node }];
      const lines = ['Traceback (most recent call last):\n'];
      for (const fr of trace) {
        if (!fr.node) continue;
        const line = e.lineOf(fr.node);
        lines.push(`  File "${options.fileName}", line ${line}, in ${fr.name}\n    ${py.text.split('\n')[line - 1].trim()}\n`);
      }
      ending.push(...lines, `${raise.pyType}: ${raise.pyMessage}\n`);
      const innermost = trace[trace.length - 1]?.node;
      stop = { kind: 'raise', line: innermost ? e.lineOf(innermost) : 1, message: `${raise.pyType}: ${raise.pyMessage}` };
      exitCode = 1;
    } else {
      throw err;
    }
  }
  for (const why of e.approximations) e.stderr.push(`approximate: ${why}\n`);
  e.stderr.push(...ending);
  const events = { prints: e.events.prints, dropouts: e.events.dropouts, ...(stop ? { stop } : {}) };
  const result = { stdout: e.stdout.join(''), stderr: e.stderr.join(''), exitCode, approximate: e.approximations.size > 0, events };
  return e.seedUsed === undefined ? result : { ...result, seedUsed: e.seedUsed };
}
