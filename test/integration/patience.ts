// The suites' ceilings, apart from editorHelpers so that the entry points need no vscode import.

/**
 * How long one awaited state may take before a test calls it a hang: a ceiling for a loaded
 * machine of CI's size (2 cores), not a speed check (the bench scripts measure speed).
 */
export const STATE_TIMEOUT_MS = 60_000;
/** Mocha's ceiling for one test, which may wait for a few states in a row. */
export const TEST_TIMEOUT_MS = 3 * STATE_TIMEOUT_MS;
