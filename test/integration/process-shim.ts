// Injected into the web test bundle: npm's `assert` (via `util`) reads process.env, and a web
// worker has no `process`.
export const process = { env: {} as Record<string, string | undefined> };
