// The panel's HTML shell: a strict CSP (nothing but our own stylesheet and one nonce'd script
// from media/), no inline data. The data arrives by postMessage and is rendered by
// media/session.js with textContent, so a candidate that contains <script> stays text.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';

export function nonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

export function panelHtml(webview: vscode.Webview, media: vscode.Uri, title: string): string {
  const n = nonce();
  const css = webview.asWebviewUri(vscode.Uri.joinPath(media, 'session.css'));
  const js = webview.asWebviewUri(vscode.Uri.joinPath(media, 'session.js'));
  const decisionJs = webview.asWebviewUri(vscode.Uri.joinPath(media, 'decision.js'));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${n}'`,
  ].join('; ');
  const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${css}">
<title>${esc(title)}</title>
</head>
<body>
<section id="decision" aria-live="assertive" hidden></section>
<main id="app" aria-live="polite"><p class="muted">Loading session…</p></main>
<script nonce="${n}" src="${decisionJs}"></script>
<script nonce="${n}" src="${js}"></script>
</body>
</html>`;
}
