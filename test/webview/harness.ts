// The panel bundle (dist/webview.js + media/panel.css) in a page of its own, served over HTTP
// with the panel's CSP and a fake acquireVsCodeApi, for Chromium tests without VS Code.
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import type { Page } from 'playwright-core';

/** The extension's folder: the nearest one above this (bundled) file with media/panel.css (out/ has a package.json too). */
function extensionRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'media', 'panel.css'))) return dir;
    if (dir === path.dirname(dir)) throw new Error(`no media/panel.css above ${__dirname}`);
  }
}
const ROOT = extensionRoot();
export const NONCE = 'harness-nonce';

/**
 * The fake webview API: messages the page posts land in `window.posted`; state goes to
 * sessionStorage so it survives a reload, or stays in memory when it is beyond sessionStorage's
 * quota (VS Code has none: a 10^6-element literal is state too).
 */
const FAKE_API = `
window.posted = [];
window.acquireVsCodeApi = () => ({
  postMessage: (m) => window.posted.push(m),
  getState: () => window.savedState ?? JSON.parse(sessionStorage.getItem('state') || 'null') ?? undefined,
  setState: (s) => {
    window.savedState = s;
    try { sessionStorage.setItem('state', JSON.stringify(s)); } catch { sessionStorage.removeItem('state'); }
  },
});`;

/** `workers`: false gives a CSP without `worker-src blob:`, which refuses the page's worker. */
function page(themeCss: string, workers: boolean): string {
  // As the extension's html.ts, with 'self' for the extension's resources.
  const csp = `default-src 'none'; style-src 'self' 'nonce-${NONCE}'; img-src 'self'; font-src 'self'; script-src 'nonce-${NONCE}'; connect-src 'self'${workers ? '; worker-src blob:' : ''}`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<style nonce="${NONCE}">${themeCss}</style>
<link rel="stylesheet" href="/media/panel.css">
<link rel="stylesheet" id="vscode-codicon-stylesheet" href="/dist/codicons/codicon.css">
<script nonce="${NONCE}">${FAKE_API}</script>
</head><body><main id="app"></main><script nonce="${NONCE}" src="/dist/webview.js"></script></body></html>`;
}

export interface Harness {
  url(theme: string, workers?: boolean): string;
  close(): Promise<void>;
}

/** Serves `/?theme=<name>[&workers=no]` (the page with that theme's variables) and the extension's dist/ and media/. */
export async function serve(themes: Readonly<Record<string, string>>): Promise<Harness> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(page(themes[url.searchParams.get('theme') ?? 'dark'] ?? '', url.searchParams.get('workers') !== 'no'));
      return;
    }
    const file = path.join(ROOT, path.normalize(url.pathname));
    if (!/^\/(dist|media)\//.test(url.pathname) || !file.startsWith(ROOT) || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    const type = file.endsWith('.css') ? 'text/css' : file.endsWith('.ttf') ? 'font/ttf' : 'text/javascript';
    res.writeHead(200, { 'content-type': type });
    res.end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (theme, workers = true) => `http://127.0.0.1:${port}/?theme=${theme}${workers ? '' : '&workers=no'}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Sends a message as the host would (the page listens to window messages). */
export async function hostSend(p: Page, message: unknown): Promise<void> {
  await p.evaluate((m) => window.postMessage(m, '*'), message);
}

export async function posted(p: Page): Promise<unknown[]> {
  return p.evaluate(() => (window as unknown as { posted: unknown[] }).posted);
}
