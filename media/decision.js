// The decision card on top of a session panel: why the step waits, the candidate's diff beside
// its vote tally and the other candidates, and one button per choice the pause allows (each
// posts an action the extension maps to a public command). Model text and diffs go into the DOM
// with textContent only, under the panel's CSP.
// @ts-check
(function () {
  // acquireVsCodeApi may be called once per webview: session.js shares it through this global.
  // eslint-disable-next-line no-undef
  const vscode = /** @type {any} */ (window).__mfVsCode || ((/** @type {any} */ (window).__mfVsCode = acquireVsCodeApi()));
  const root = /** @type {HTMLElement} */ (document.getElementById('decision'));

  /** @param {string} tag @param {string=} cls @param {string=} text */
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  const PRIMARY = new Set(['approve', 'resume']);

  function diffBlock(/** @type {any} */ f) {
    const box = el('div', 'decision-file');
    box.append(el('div', 'decision-file-name', f.path + (f.kind === 'modified' ? '' : ' (' + f.kind + ')')));
    const pre = el('pre', 'decision-diff');
    for (const line of String(f.diff).split('\n').slice(2)) {
      const cls = line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : line.startsWith('@@') ? 'hunk' : '';
      pre.append(el('span', cls, line + '\n'));
    }
    box.append(pre);
    if (f.truncated) box.append(el('p', 'muted', 'The diff is cut short here; Show Diff opens it whole.'));
    return box;
  }

  function side(/** @type {any} */ d) {
    const aside = el('div', 'decision-side');
    if (d.tally) {
      aside.append(el('h3', undefined, 'Vote (k=' + d.tally.k + ')'));
      const list = el('ul', 'decision-tally');
      for (const c of d.tally.counts) {
        const li = el('li', c.winner ? 'winner' : undefined);
        li.append(el('strong', undefined, String(c.votes)), document.createTextNode(' · ' + (c.key.length > 80 ? c.key.slice(0, 80) + '…' : c.key) + (c.winner ? ' (leading)' : '')));
        list.append(li);
      }
      aside.append(list);
    }
    aside.append(el('h3', undefined, 'Candidates drawn'));
    if (!d.candidates.length) aside.append(el('p', 'muted', 'No candidate was drawn for this step.'));
    for (const c of d.candidates) {
      const item = el('details', 'decision-candidate');
      const tags = [c.votes + ' vote' + (c.votes === 1 ? '' : 's')];
      if (c.winner) tags.push('candidate');
      if (c.rejected) tags.push('rejected');
      if (c.flagged) tags.push('red flag: ' + c.flagged);
      item.append(el('summary', undefined, c.label + ' · ' + tags.join(' · ')), el('pre', undefined, c.preview));
      aside.append(item);
    }
    return aside;
  }

  function render(/** @type {any} */ d) {
    root.replaceChildren();
    root.hidden = !d;
    if (!d) return;
    root.className = 'decision';
    root.append(el('h2', undefined, 'Waiting for you: ' + d.stepLabel));
    root.append(el('p', 'decision-why', d.why + (d.details ? ' — ' + d.details : '')));
    if (d.endpoint) root.append(el('p', 'decision-endpoint', 'Model calls went to ' + d.endpoint + '.'));
    const bar = el('div', 'actions decision-actions');
    for (const c of d.choices) {
      const b = el('button', PRIMARY.has(c.id) ? 'primary' : 'secondary', c.label);
      b.dataset.action = c.id;
      b.addEventListener('click', () => vscode.postMessage({ type: 'action', action: c.id }));
      bar.append(b);
    }
    root.append(bar);
    const body = el('div', 'decision-body');
    const main = el('div', 'decision-main');
    if (d.files.length) for (const f of d.files) main.append(diffBlock(f));
    else main.append(el('p', 'muted', 'This pause has no file changes to show.'));
    body.append(main, side(d));
    root.append(body);
  }

  window.addEventListener('message', (event) => {
    const msg = event.data;
    if (msg && msg.type === 'data') render(msg.decision);
  });
})();
