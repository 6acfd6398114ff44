// Renders a Microfactory session panel from the data the extension posts. Runs under a CSP
// with no inline script or style: every string (prompts, model output, error text) goes into
// the DOM through textContent, never innerHTML, so model output can't inject markup.
// @ts-check
(function () {
  // eslint-disable-next-line no-undef
  // Called once per webview: decision.js, loaded first, may have taken it already.
  const vscode = /** @type {any} */ (window).__mfVsCode || ((/** @type {any} */ (window).__mfVsCode = acquireVsCodeApi()));
  const app = /** @type {HTMLElement} */ (document.getElementById('app'));
  const SVG = 'http://www.w3.org/2000/svg';

  /** @param {string} tag @param {string=} cls @param {string=} text */
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  /** @param {string} tag @param {Record<string, string|number>} attrs */
  function svg(tag, attrs) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    return e;
  }
  /** @param {string} label @param {string} action @param {boolean=} primary @param {string=} stepId */
  function button(label, action, primary = false, stepId) {
    const b = el('button', primary ? 'primary' : 'secondary', label);
    b.addEventListener('click', () => vscode.postMessage({ type: 'action', action, stepId }));
    b.dataset.action = action;
    if (stepId) b.dataset.step = stepId;
    return b;
  }

  function header(d) {
    const s = d.session;
    const h = el('header');
    h.append(el('h1', undefined, s.prompt));
    const badges = el('div', 'badges');
    const status = d.running ? 'running' : s.status;
    badges.append(el('span', 'badge status-' + status, status), el('span', 'badge', s.domain + ' · ' + s.flow));
    if (s.provider || s.model) badges.append(el('span', 'badge', [s.provider, s.model].filter(Boolean).join(' · ')));
    if (s.verdict) badges.append(el('span', 'badge verdict-' + s.verdict.replace(' ', '-'), s.verdict));
    if (s.undone) badges.append(el('span', 'badge undone', s.undone + ' step' + (s.undone === 1 ? '' : 's') + ' undone'));
    badges.append(el('span', 'badge muted', s.id));
    h.append(badges);
    if (d.running) {
      const bar = el('div', 'actions');
      bar.append(button('Cancel', 'cancel'));
      h.append(bar);
    } else if (s.status === 'cancelled' || s.status === 'failed') {
      const bar = el('div', 'actions');
      bar.append(button('Resume', 'resume', true));
      h.append(bar);
    }
    return h;
  }

  function banner(d) {
    const frag = document.createDocumentFragment();
    if (d.untrustedReason) frag.append(el('div', 'banner warn', d.untrustedReason));
    if (d.session.error) frag.append(el('div', 'banner error', d.session.error));
    if (d.wait) {
      const w = d.wait;
      const card = el('section', 'wait');
      card.append(el('h2', undefined, 'Waiting for you'));
      card.append(el('p', undefined, 'Step ' + w.stepLabel + ': ' + w.why + (w.details ? ' — ' + w.details : '')));
      if (w.files.length) card.append(el('p', 'muted', 'Changes: ' + w.files.join(', ')));
      const bar = el('div', 'actions');
      if (w.decision) {
        if (w.hasDiff) bar.append(button('Show Diff', 'showDiff'));
        bar.append(button('Approve', 'approve', true), button('Reject', 'reject'));
      } else {
        bar.append(button('Resume', 'resume', true));
      }
      card.append(bar);
      frag.append(card);
    }
    return frag;
  }

  function metrics(d) {
    const m = d.session.metrics;
    const f = d.session.figures;
    const grid = el('section', 'metrics');
    const add = (/** @type {string} */ label, /** @type {string} */ value) => {
      const c = el('div', 'metric');
      c.append(el('div', 'value', value), el('div', 'label', label));
      grid.append(c);
    };
    // The same strings as the tree's tooltip (app/labels.ts sessionFigures, from the stored totals).
    add('steps', f.steps);
    add('samples', f.samples);
    add('red flags', f.redFlags);
    add('resamples', f.resamples);
    add('max votes / step', String(m.maxVotesPerStep));
    add('tokens', f.tokens);
    add('cost', f.cost);
    // The projected total (app/labels.ts projectedLabel): shown while steps remain.
    if (f.projected) add('projected total', f.projected);
    add('wall time', (m.wallMs / 1000).toFixed(1) + ' s');
    return grid;
  }

  /** Votes per step: winner (green) stacked on runner-up (red), k as a dashed line, margin as a dot. */
  function chart(d) {
    const sec = el('section', 'chart');
    const steps = d.steps.filter((/** @type {any} */ s) => s.k !== null);
    const shown = d.stepsTotal > d.steps.length ? ' (last ' + d.steps.length + ' of ' + d.stepsTotal + ')' : '';
    sec.append(el('h2', undefined, 'Votes and margins per step' + shown));
    if (!steps.length) {
      sec.append(el('p', 'muted', 'No vote decided yet.'));
      return sec;
    }
    const W = 760, H = 160, pad = 24;
    const max = Math.max(1, ...steps.map((/** @type {any} */ s) => Math.max(s.winnerVotes + s.runnerUp, s.k)));
    const bw = Math.max(2, (W - pad * 2) / steps.length);
    const y = (/** @type {number} */ v) => H - pad - (v / max) * (H - pad * 2);
    const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', class: 'chart-svg' });
    const t = svg('title', {});
    t.textContent = 'Winner votes, runner-up votes, k and margin per step';
    root.append(t);
    root.append(svg('line', { x1: pad, x2: W - pad, y1: y(0), y2: y(0), class: 'axis' }));
    for (let v = 1; v <= max; v++) {
      const label = svg('text', { x: 4, y: y(v) + 4, class: 'tick' });
      label.textContent = String(v);
      root.append(label);
    }
    steps.forEach((/** @type {any} */ s, i) => {
      const x = pad + i * bw;
      const g = svg('g', { class: 'step' });
      const tip = svg('title', {});
      tip.textContent = `${s.number} ${s.description}\n${s.votesSentence} ${s.samples} samples, ${s.redFlags} red flags.`;
      g.append(tip);
      g.append(svg('rect', { x, width: Math.max(1, bw - 1), y: y(s.winnerVotes), height: y(0) - y(s.winnerVotes), class: 'bar-win' }));
      if (s.runnerUp) g.append(svg('rect', { x, width: Math.max(1, bw - 1), y: y(s.winnerVotes + s.runnerUp), height: y(0) - y(s.runnerUp), class: 'bar-lose' }));
      g.append(svg('line', { x1: x, x2: x + bw - 1, y1: y(s.k), y2: y(s.k), class: 'k-line' }));
      if (s.margin !== null) g.append(svg('circle', { cx: x + bw / 2, cy: y(s.margin), r: Math.min(3, bw / 2), class: 'margin-dot' }));
      if (s.redFlags) g.append(svg('rect', { x, width: Math.max(1, bw - 1), y: H - pad + 3, height: 4, class: 'flag-mark' }));
      root.append(g);
    });
    sec.append(root);
    const legend = el('div', 'legend');
    for (const [cls, label] of [['bar-win', 'winner votes'], ['bar-lose', 'runner-up votes'], ['k-line', 'k'], ['margin-dot', 'margin'], ['flag-mark', 'red flags']]) {
      const item = el('span', 'legend-item');
      item.append(el('span', 'swatch ' + cls), document.createTextNode(label));
      legend.append(item);
    }
    sec.append(legend);
    return sec;
  }

  /** The verifier's result and the step's restore actions (tree flow: steps that applied a change). */
  function stepActions(/** @type {any} */ d, /** @type {any} */ s) {
    const td = el('td', 'step-actions');
    if (s.verification) {
      const v = s.verification;
      const span = el('span', v.passed ? 'verify-pass' : 'verify-fail', v.label);
      span.title = v.command + ' (attempt ' + v.attempt + ')';
      td.append(span, button('output', 'showVerification', false, s.id));
    }
    if (s.undone) td.append(el('span', 'badge undone', 'undone'));
    if (s.applied && !d.running) {
      td.append(button('Restore to before', 'restoreBefore', false, s.id), button('Restore and re-run', 'restoreRerun', false, s.id));
    }
    return td;
  }

  function stepsTable(d) {
    const sec = el('section', 'steps');
    sec.append(el('h2', undefined, 'Steps'));
    const table = el('table');
    const head = el('tr');
    for (const h of ['#', 'step', 'status', 'votes', 'samples', 'red flags', 'tokens', 'cost', 'verification / checkpoint']) head.append(el('th', undefined, h));
    table.append(head);
    // The tree's order (a chain newest first, a tree as it is): one order in every view.
    const rows = d.newestFirst ? d.steps.slice(-100).reverse() : d.steps.slice(0, 100);
    for (const s of rows) {
      const tr = el('tr', 'status-' + s.status + (s.undone ? ' undone' : ''));
      tr.dataset.step = s.id;
      for (const v of [s.number, s.description, s.undone ? 'undone' : s.status, s.votesLabel, String(s.samples), String(s.redFlags || ''), s.tokensLabel, s.costLabel]) {
        tr.append(el('td', undefined, v));
      }
      tr.children[3].setAttribute('title', s.votesSentence);
      tr.append(stepActions(d, s));
      table.append(tr);
    }
    sec.append(table);
    return sec;
  }

  function flags(d) {
    const sec = el('section', 'flags');
    // The heading counts what the cards count (the session's total); the list holds the retained samples.
    const shown = d.flags.length < d.flagsTotal ? ', ' + d.flags.length + ' shown' : '';
    sec.append(el('h2', undefined, 'Red flags (' + d.flagsTotal + shown + ')'));
    if (!d.flags.length) {
      sec.append(el('p', 'muted', 'No red-flagged samples in these steps.'));
      return sec;
    }
    for (const f of d.flags) {
      const item = el('details', 'flag');
      const sum = el('summary');
      sum.append(el('strong', undefined, f.stepLabel), document.createTextNode(' · ' + f.role + ' #' + f.seq + ' · ' + f.reasons.join('; ')));
      item.append(sum, el('pre', undefined, f.preview));
      sec.append(item);
    }
    return sec;
  }

  function render(/** @type {any} */ d) {
    app.replaceChildren();
    if (!d) {
      app.append(el('p', 'muted', 'This session is not in the store any more.'));
      return;
    }
    app.append(header(d), banner(d), metrics(d), chart(d), stepsTable(d), flags(d));
  }

  window.addEventListener('message', (event) => {
    const msg = event.data;
    if (!msg || msg.type !== 'data') return;
    // Kept so VS Code can restore this panel after a reload (WebviewPanelSerializer).
    vscode.setState({ sessionId: msg.sessionId });
    // A pause is drawn by decision.js (its diff, tally and choices): not twice.
    render(msg.decision && msg.data ? Object.assign({}, msg.data, { wait: null }) : msg.data);
  });
  vscode.postMessage({ type: 'ready' });
})();
