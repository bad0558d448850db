import * as vscode from 'vscode';

/** The webview may load files from these extension folders only. */
export function panelResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
}

/** A fresh value for each page load, so only our own script tag can run. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The panel's page: an empty shell that dist/webview.js (src/webview/main.ts) renders into.
 * The page starts its Monte-Carlo worker from its own script, fetched as a blob: hence
 * `connect-src` for the extension's files and `worker-src blob:`, nothing else. The codicon
 * stylesheet carries the id by which vscode-elements' icons find it (and its font: `font-src`).
 */
export function renderPanelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, nonce: string, language: string): string {
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'panel.css'));
  const codicons = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'codicons', 'codicon.css'));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `connect-src ${webview.cspSource}`,
    'worker-src blob:',
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${/^[A-Za-z-]+$/.test(language) ? language : 'en'}">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${style}">
  <link rel="stylesheet" id="vscode-codicon-stylesheet" href="${codicons}">
  <title>Dropout Lens</title>
</head>
<body>
  <main id="app"></main>
  <script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
