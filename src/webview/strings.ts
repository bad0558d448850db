// The panel's user-visible strings, in English. The host translates each with vscode.l10n.t
// (the page has no l10n API) and sends the table in its `init` message; `{0}`-style
// placeholders are filled in by the page with `format`.

export const STRINGS = {
  title: 'Dropout Lens',
  playground: 'Playground',
  from: 'From {0}, line {1}',
  settingsFrom: 'Settings from {0}',
  literalLabel: 'Tensor expression',
  literalHelp: 'A torch.tensor(...), np.array(...), list or printed tensor; edits apply at once.',
  literalTooLong: 'This expression is {0} characters long: shown cut short and read-only here; edit it in the editor.',
  literalGone: 'The tensor of this expression ({0} characters) is not kept across restarts, and the file it came from has changed or cannot be read: select it in the editor and run Apply Dropout to Selection again.',
  controls: 'Dropout settings',
  pLabel: 'p (drop probability)',
  variantLabel: 'Variant',
  training: 'Training mode (train)',
  inplace: 'In place (inplace=True)',
  seedLabel: 'Seed (torch.manual_seed)',
  newSeed: 'New seed',
  callLabel: 'Call after the seed',
  previousCall: 'Previous call',
  nextCall: 'Next call',
  callHelp: 'Draw {0} after torch.manual_seed({1})',
  callInvalid: 'Call after the seed: enter an integer from 1 to {0}; any call is computed at once.',
  input: 'Input',
  mask: 'Mask',
  output: 'Output',
  inputInplace: 'Input (before the call; x now holds the output)',
  scaleNote: 'kept values × {0}',
  alphaNote: 'kept: x × {0} + {1}; dropped: {2}',
  identityNote: 'identity: the output is the input (p = 0, eval mode or no elements)',
  zerosNote: 'p = 1: every element is zeroed',
  perChannel: 'one draw per channel: {0} channels, noise shape ({1})',
  sliceLabel: 'Index of dimension {0}',
  sliceNote: 'Showing [{0}, :, :] of shape ({1})',
  heatmapNote: 'Heatmap of {0} elements: hover for values, click (or Enter) for the numbers around a cell.',
  reprTitle: 'print(y)',
  copyRepr: 'Copy output repr',
  copySnippet: 'Copy PyTorch snippet',
  snippetTitle: 'Reproduce in Python',
  insert: 'Insert into editor',
  copyLiteral: 'Copy as literal',
  noOriginInsert: 'Insert needs a tensor selected in an editor.',
  statsTitle: 'Statistics',
  keptCount: 'Kept: {0} of {1} {2} (expected {3}; 95% of calls keep {4} to {5})',
  units: 'elements',
  channels: 'channels',
  zeroShare: 'Zeros in the output: {0}',
  means: 'Mean of input: {0} · mean of output: {1}',
  mcTitle: 'Monte-Carlo: {0} calls after torch.manual_seed({1})',
  mcRunning: 'Simulating {0} calls…',
  mcDrawsLabel: 'Calls to simulate (N)',
  mcDrawsHelp: 'From 1 to {0}; the simulation restarts when N, p, the variant, the mode, the seed or the tensor change.',
  mcStop: 'Stop',
  mcProgress: '{0} of {1} calls simulated ({2}); the bars grow toward the marks',
  mcStopped: 'Stopped after {0} of {1} calls: the figures below are over those {0} calls',
  mcStoppedEarly: 'Stopped before the first figures came.',
  mcHistogram: 'Number of dropped {0} per call: observed share (bars) and Binomial({1}, {2}) probability (marks)',
  mcMean: 'Mean output over the calls approaches the input (E[y] = x): largest gap {0}',
  mcElements: 'The first elements: input and mean output over the calls',
  colIndex: 'Index',
  colInput: 'x',
  colMean: 'Mean of y',
  mcKeepRate: 'Share of kept {0} over all calls: {1} (expected {2})',
  mcUnavailable: 'The simulation could not run: {0}',
  warning: 'Warning: {0}',
  parseError: 'Cannot read the tensor: {0}',
  runError: 'PyTorch raises: {0}',
  copied: 'Copied to the clipboard.',
  inserted: 'Inserted into {0}.',
  insertFailed: 'Could not insert: {0}',
  tooLongToSend: 'This text is {0} characters long, more than the {1} of a literal Dropout Lens can read back: not sent.',
  gridLabel: '{0}: {1} rows × {2} columns; arrow keys move between cells',
  cellKept: 'kept',
  cellDropped: 'dropped',
} as const;

export type StringKey = keyof typeof STRINGS;
export type Strings = { readonly [K in StringKey]: string };

/** `format('a {0} b {1}', x, y)`: fills numbered placeholders; unknown ones stay as written. */
export function format(template: string, ...args: readonly (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (match, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? match : String(value);
  });
}
