/* bindercheck explain: draws one step of the run in #explain-data. Plain JS, no framework, no network. */
(function () {
  'use strict';

  function readJson(id) {
    return JSON.parse(document.getElementById(id).textContent);
  }

  var run = readJson('explain-data');
  var specs = readJson('explain-specs');
  var concepts = readJson('explain-concepts');
  var steps = run.steps;
  var current = -1;
  var selectedEid = null;

  function $(id) {
    return document.getElementById(id);
  }

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) {
      n.className = cls;
    }
    if (text !== undefined && text !== null) {
      n.textContent = String(text);
    }
    return n;
  }

  function has(v) {
    return v !== undefined && v !== null;
  }

  /** Marks a node as standing for a driver concept: its spec definition and kernel function. */
  function stand(node, spec, kernel) {
    if (spec) {
      node.setAttribute('data-spec', spec);
    }
    if (kernel) {
      node.setAttribute('data-kernel', kernel);
    }
    return node;
  }

  function mark(node, kind) {
    var c = concepts.elements[kind];
    return c ? stand(node, c.spec, c.kernel) : node;
  }

  function eid(node, id) {
    node.setAttribute('data-eid', id);
    return node;
  }

  // ---- the step panel ----

  function renderPanel(step) {
    $('step-index').textContent = step.index + ' / ' + (steps.length - 1);
    $('line').textContent = step.line > 0 ? 'line ' + step.line + ' of ' + run.source : '\u2014';
    $('command').textContent = has(step.command) ? step.command
      : (step.index === 0 ? '(the initial state)' : '\u2014 (a spec step: see the action)');
    var bytes = $('bytes');
    bytes.replaceChildren();
    step.bytes.forEach(function (b) {
      var item = el('div', 'bytes-item dir-' + b.dir);
      var w = concepts.wire[b.name] || {};
      stand(item, w.spec, w.kernel);
      item.appendChild(el('span', 'name', b.name));
      var fields = Object.keys(b.fields || {}).map(function (k) {
        return k + '=' + b.fields[k];
      }).join(' ');
      if (fields) {
        item.appendChild(el('div', 'fields mono', fields));
      }
      var hex = b.hex || '';
      item.appendChild(el('div', 'hex mono', hex.length > 192 ? hex.slice(0, 192) + '\u2026 (' + hex.length / 2
        + ' bytes)' : hex.replace(/(.{8})/g, '$1 ').trim()));
      if (b.text) {
        item.title = b.text;
      }
      bytes.appendChild(item);
    });
    if (!step.bytes.length) {
      bytes.appendChild(el('span', 'empty', 'none'));
    }
    $('result').textContent = has(step.result) ? step.result : '\u2014';
    var action = $('action');
    action.replaceChildren();
    step.actions.forEach(function (a) {
      action.appendChild(stand(el('div', 'action-item', a.label), a.spec, a.kernel));
    });
    if (!step.actions.length) {
      action.appendChild(el('span', 'empty', step.index === 0 ? 'Init' : 'none: the specs\u2019 state does not change'));
    }
    var invs = $('invariants');
    invs.replaceChildren();
    step.invariants.forEach(function (i) {
      var s = el('span', 'invariant ' + (i.ok ? 'ok' : 'broken'), (i.ok ? '\u2713 ' : '\u2717 ') + i.name);
      s.setAttribute('data-name', i.name);
      invs.appendChild(stand(s, i.spec, null));
    });
    if (!step.invariants.length) {
      invs.appendChild(el('span', 'empty', 'none checked at this step'));
    }
    var v = $('violation');
    if (step.violation) {
      v.hidden = false;
      stand(v, step.violation.spec, step.actions.length ? step.actions[0].kernel : null);
      $('violation-name').textContent = step.violation.name;
      $('violation-text').textContent = step.violation.text || '';
    } else {
      v.hidden = true;
      v.removeAttribute('data-spec');
      v.removeAttribute('data-kernel');
    }
  }

  // ---- the state ----

  function worklist(owner, kind, items, label) {
    var row = el('div', 'worklist-row');
    row.appendChild(el('div', 'label', label));
    var list = eid(mark(el('div', 'worklist'), kind), 'worklist:' + kind + ':' + owner);
    list.setAttribute('data-owner', owner);
    list.setAttribute('data-kind', kind);
    (items || []).forEach(function (w) {
      var c = eid(mark(el('span', 'work kind-' + w.kind, w.label || w.kind), 'work'), 'work:' + w.id);
      c.setAttribute('data-id', w.id);
      c.title = w.kind;
      list.appendChild(c);
    });
    row.appendChild(list);
    return row;
  }

  function thread(p, t) {
    var pk = String(p.pid);
    var tk = pk + ':' + t.tid;
    var me = p.name + ':' + t.name;
    var d = eid(mark(el('div', 'thread'), 'thread'), 'thread:' + tk);
    d.setAttribute('data-pid', pk);
    d.setAttribute('data-tid', String(t.tid));
    var head = el('div', 'thread-head');
    head.appendChild(el('span', 'thread-name', t.name + (String(t.tid) !== t.name ? ' (tid ' + t.tid + ')' : '')));
    (t.looper || []).forEach(function (f) {
      head.appendChild(mark(el('span', 'looper', f), 'looper'));
    });
    if (t.waiting) {
      head.appendChild(mark(el('span', 'waiting', 'asleep, waits for ' + t.waiting), 'waiting'));
    }
    if (t.returnError) {
      head.appendChild(mark(el('span', 'error', 'return_error ' + t.returnError), 'error'));
    }
    if (t.replyError) {
      head.appendChild(mark(el('span', 'error', 'reply_error ' + t.replyError), 'error'));
    }
    d.appendChild(head);
    var stack = eid(mark(el('div', 'stack'), 'stack'), 'stack:' + tk);
    stack.setAttribute('data-tid', String(t.tid));
    stack.setAttribute('data-pid', pk);
    var entries = t.stack || [];
    stack.setAttribute('data-depth', String(entries.length));
    entries.forEach(function (e, i) {
      var box = eid(mark(el('div', 'txn'), 'txn'), 'txn:' + e.id);
      box.setAttribute('data-id', String(e.id));
      var incoming = e.to === me;
      box.appendChild(el('span', 'txn-id', 'T' + e.id));
      box.appendChild(document.createTextNode(' ' + (e.kind || '') + (incoming ? ' received' : ' sent')
        + (i === 0 ? ' (top)' : '')));
      box.appendChild(el('div', 'mono', 'from ' + (e.from || '\u2205') + ' \u2192 to ' + (e.to || '\u2205')));
      if (has(e.fromParent) || has(e.toParent)) {
        box.appendChild(el('div', 'mono', (has(e.fromParent) ? 'from_parent T' + e.fromParent + ' ' : '')
          + (has(e.toParent) ? 'to_parent T' + e.toParent : '')));
      }
      stack.appendChild(box);
      if (i + 1 < entries.length) {
        stack.appendChild(mark(el('div', 'link', '\u2193 ' + (incoming ? 'to_parent' : 'from_parent')), 'txn'));
      }
    });
    d.appendChild(el('div', 'section-title', 'transaction stack (' + entries.length + ')'));
    d.appendChild(stack);
    if (has(t.todo)) {
      d.appendChild(worklist(tk, 'thread-todo', t.todo, 'todo' + (t.processTodo === false && t.todo.length
        ? ' (deferred)' : '')));
    }
    return d;
  }

  function node(n) {
    var d = eid(mark(el('div', 'node'), 'node'), 'node:' + n.id);
    d.setAttribute('data-id', String(n.id));
    if (has(n.strong)) {
      d.setAttribute('data-strong', String(n.strong));
    }
    if (has(n.weak)) {
      d.setAttribute('data-weak', String(n.weak));
    }
    d.appendChild(el('strong', null, 'node ' + n.id));
    if (n.ptr) {
      d.appendChild(document.createTextNode(' ptr ' + n.ptr));
    }
    if (n.state && n.state !== 'live') {
      d.appendChild(el('span', 'badge', ' ' + n.state));
    }
    if (has(n.strong)) {
      var flags = (n.hasStrong ? ' hs' : '') + (n.hasWeak ? ' hw' : '');
      d.appendChild(el('div', 'counts', 'strong ' + n.strong + ' weak ' + n.weak + '  (internal ' + n.internalStrong
        + ', local ' + n.localStrong + '/' + n.localWeak + flags + ')'));
    }
    if (has(n.asyncTodo)) {
      d.appendChild(worklist(String(n.id), 'async-todo', n.asyncTodo, 'async_todo'));
    }
    return d;
  }

  function ref(r) {
    var d = eid(mark(el('div', 'ref'), 'ref'), 'ref:' + r.id);
    d.setAttribute('data-id', String(r.id));
    d.setAttribute('data-desc', String(r.desc));
    d.setAttribute('data-strong', String(r.strong));
    d.setAttribute('data-weak', String(r.weak));
    d.setAttribute('data-node', String(r.node));
    d.appendChild(el('strong', null, 'handle ' + r.desc));
    d.appendChild(document.createTextNode(' \u2192 node ' + r.node));
    d.appendChild(el('div', 'counts', 'strong ' + r.strong + ' weak ' + r.weak));
    if (r.death) {
      var b = eid(mark(el('span', 'death', '\u2620 death: ' + r.death.state), 'death'), 'death:' + r.id);
      b.title = 'death notification' + (r.death.cookie ? ' cookie ' + r.death.cookie : '');
      d.appendChild(b);
    }
    return d;
  }

  /**
   * How much of the space the bar shows: all of it when it is all free, else from 0 to past the last buffer in use,
   * rounded up to a power of two (at least 256), so small buffers in a large mapping stay visible.
   */
  function shownSpan(p, total) {
    var end = 0;
    (p.buffers || []).forEach(function (b) {
      if (b.state !== 'free') {
        end = Math.max(end, b.offset + b.size);
      }
    });
    if (end === 0 || total <= 256 || p.bufferUnit === 'slot') {
      return total;
    }
    var span = 256;
    while (span < end * 1.25) {
      span *= 2;
    }
    return Math.min(total, span);
  }

  function space(p) {
    var pk = String(p.pid);
    var total = p.bufferSpace || 0;
    var unit = p.bufferUnit || 'byte';
    var span = shownSpan(p, total);
    var d = eid(mark(el('div', 'address-map'), 'address-map'), 'space:' + pk);
    d.setAttribute('data-pid', pk);
    d.setAttribute('data-space', String(total));
    d.appendChild(el('div', 'space-caption', !total ? 'not mapped' : 'buffer space: ' + total + ' ' + unit
      + (total === 1 ? '' : 's') + ', offset 0 at the left'));
    var bar = el('div', 'bar');
    var zoom = el('div', 'bar zoom');
    (p.buffers || []).forEach(function (b) {
      var x = eid(mark(el('div', 'buffer'), 'buffer'), 'buffer:' + pk + ':' + b.offset);
      x.setAttribute('data-state', b.state);
      x.setAttribute('data-offset', String(b.offset));
      x.setAttribute('data-size', String(b.size));
      x.setAttribute('data-id', String(b.id));
      var label = b.state === 'free' ? '' : (has(b.txn) ? 'T' + b.txn : '')
        + (b.detail && b.detail.indexOf(' ') < 0 ? ' ' + b.detail : '');
      var title = b.state + ' at ' + b.offset + ', ' + b.size + ' ' + unit + (b.size === 1 ? '' : 's')
        + (has(b.txn) ? ', transaction ' + b.txn : '') + (b.detail ? ' (' + b.detail + ')' : '');
      if (total > 0) {
        x.style.left = (100 * b.offset / total) + '%';
        x.style.width = (100 * b.size / total) + '%';
      }
      x.textContent = label;
      x.title = title;
      bar.appendChild(x);
      if (span < total && b.offset < span) {
        // the first part of the space, drawn larger: the same buffer, not another element of the state
        var z = eid(mark(el('div', 'zoom-seg'), 'buffer'), 'buffer:' + pk + ':' + b.offset);
        z.setAttribute('data-state', b.state);
        z.style.left = (100 * b.offset / span) + '%';
        z.style.width = (100 * (Math.min(b.offset + b.size, span) - b.offset) / span) + '%';
        z.textContent = label;
        z.title = title;
        zoom.appendChild(z);
      }
    });
    d.appendChild(bar);
    if (p.pages && p.pages.length) {
      var pages = el('div', 'pages');
      p.pages.forEach(function (g) {
        var x = eid(mark(el('div', 'page'), 'page'), 'page:' + pk + ':' + g.index);
        x.setAttribute('data-state', g.state);
        x.setAttribute('data-index', String(g.index));
        x.title = 'page ' + g.index + ': ' + g.state;
        pages.appendChild(x);
      });
      d.appendChild(pages);
    }
    if (span < total) {
      d.appendChild(el('div', 'space-caption', 'zoomed: offsets 0 to ' + span + ' (the rest is free)'));
      d.appendChild(zoom);
    }
    return d;
  }

  function proc(p) {
    var pk = String(p.pid);
    var d = eid(mark(el('div', 'proc'), 'proc'), 'proc:' + pk);
    d.setAttribute('data-pid', pk);
    if (p.alive === false) {
      d.classList.add('dead');
    }
    var h = el('h2', null, p.name);
    if (pk !== p.name) {
      h.appendChild(el('span', 'pid', ' pid ' + pk));
    }
    if (p.alive === false) {
      h.appendChild(el('span', 'badge', ' dead'));
    }
    d.appendChild(h);
    if (has(p.threads)) {
      d.appendChild(el('div', 'section-title', 'threads'));
      p.threads.forEach(function (t) {
        d.appendChild(thread(p, t));
      });
    }
    if (has(p.todo)) {
      d.appendChild(worklist(pk, 'proc-todo', p.todo, 'proc todo'));
    }
    if (has(p.nodes) && (p.nodes.length || has(p.refs))) {
      d.appendChild(el('div', 'section-title', 'nodes (this proc\u2019s objects)'));
      var ns = el('div', 'nodes');
      p.nodes.forEach(function (n) {
        ns.appendChild(node(n));
      });
      d.appendChild(ns);
    }
    if (has(p.refs)) {
      d.appendChild(el('div', 'section-title', 'refs (handles it holds)'));
      var rs = el('div', 'refs');
      p.refs.forEach(function (r) {
        rs.appendChild(ref(r));
      });
      d.appendChild(rs);
    }
    if (has(p.buffers)) {
      d.appendChild(el('div', 'section-title', 'buffers'));
      d.appendChild(space(p));
    }
    return d;
  }

  function renderState(step) {
    var root = $('state');
    root.replaceChildren();
    step.state.procs.forEach(function (p) {
      root.appendChild(proc(p));
    });
    if (!step.state.procs.length) {
      root.appendChild(el('div', 'empty', 'no binder proc yet'));
    }
    var changed = {};
    step.changed.forEach(function (id) {
      changed[id] = true;
    });
    root.querySelectorAll('[data-eid]').forEach(function (n) {
      if (changed[n.getAttribute('data-eid')]) {
        n.classList.add('changed');
      }
      if (selectedEid && n.getAttribute('data-eid') === selectedEid) {
        n.classList.add('selected');
      }
    });
  }

  // ---- arrows: refs to their nodes, a transaction's sender to its receiver ----

  var SVG = 'http://www.w3.org/2000/svg';

  function drawArrows() {
    var svg = $('arrows');
    var wrap = $('state-wrap').getBoundingClientRect();
    svg.replaceChildren();
    svg.setAttribute('width', String(wrap.width));
    svg.setAttribute('height', String(wrap.height));
    var defs = document.createElementNS(SVG, 'defs');
    var marker = document.createElementNS(SVG, 'marker');
    marker.setAttribute('id', 'head');
    marker.setAttribute('markerWidth', '8');
    marker.setAttribute('markerHeight', '8');
    marker.setAttribute('refX', '7');
    marker.setAttribute('refY', '4');
    marker.setAttribute('orient', 'auto');
    var tip = document.createElementNS(SVG, 'path');
    tip.setAttribute('d', 'M0,0 L8,4 L0,8 z');
    tip.setAttribute('fill', '#7e57c2');
    marker.appendChild(tip);
    defs.appendChild(marker);
    svg.appendChild(defs);
    var root = $('state');
    function line(a, b, color, dashed, head) {
      var ra = a.getBoundingClientRect();
      var rb = b.getBoundingClientRect();
      if (!ra.width || !rb.width) {
        return;
      }
      var ax = ra.left < rb.left ? ra.right : ra.left;
      var bx = ra.left < rb.left ? rb.left : rb.right;
      if (Math.abs(ra.left - rb.left) < 5) {
        ax = ra.right;
        bx = rb.right;
      }
      var ay = ra.top + ra.height / 2;
      var by = rb.top + rb.height / 2;
      var x1 = ax - wrap.left;
      var y1 = ay - wrap.top;
      var x2 = bx - wrap.left;
      var y2 = by - wrap.top;
      var bend = Math.abs(x1 - x2) < 5 ? 40 : 0;
      var path = document.createElementNS(SVG, 'path');
      path.setAttribute('d', 'M' + x1 + ',' + y1 + ' C' + (x1 + (x2 - x1) / 3 + bend) + ',' + y1 + ' '
        + (x2 - (x2 - x1) / 3 + bend) + ',' + y2 + ' ' + x2 + ',' + y2);
      path.setAttribute('fill', 'none');
      path.setAttribute('stroke', color);
      path.setAttribute('stroke-width', '1.5');
      if (dashed) {
        path.setAttribute('stroke-dasharray', '4 3');
      }
      if (head) {
        path.setAttribute('marker-end', 'url(#head)');
      }
      svg.appendChild(path);
    }
    root.querySelectorAll('.ref[data-node]').forEach(function (r) {
      var target = root.querySelector('.node[data-id="' + cssEscape(r.getAttribute('data-node')) + '"]');
      if (target) {
        line(r, target, '#7e57c2', false, true);
      }
    });
    var boxes = {};
    root.querySelectorAll('.txn[data-id]').forEach(function (t) {
      var id = t.getAttribute('data-id');
      (boxes[id] = boxes[id] || []).push(t);
    });
    Object.keys(boxes).forEach(function (id) {
      if (boxes[id].length > 1) {
        line(boxes[id][0], boxes[id][1], '#4f7fbf', true, false);
      }
    });
  }

  function cssEscape(s) {
    return window.CSS && CSS.escape ? CSS.escape(s) : String(s).replace(/["\\]/g, '\\$&');
  }

  // ---- clicking: the definition and the kernel function ----

  function showDefinition(node) {
    var spec = node.getAttribute('data-spec');
    var kernel = node.getAttribute('data-kernel');
    var box = $('definition');
    box.hidden = false;
    $('definition-ref').textContent = spec || '(no spec definition)';
    $('definition-text').textContent = spec ? (specs[spec] || '(the specs have no definition of this name)') : '';
    var a = $('definition-kernel');
    if (kernel) {
      a.href = concepts.elixir + encodeURIComponent(kernel);
      a.textContent = kernel + ' (Linux 6.1, elixir.bootlin.com)';
    } else {
      a.removeAttribute('href');
      a.textContent = '\u2014';
    }
    document.querySelectorAll('.selected').forEach(function (n) {
      n.classList.remove('selected');
    });
    node.classList.add('selected');
    selectedEid = node.getAttribute('data-eid');
  }

  document.addEventListener('click', function (e) {
    if (e.target.closest('#definition') || e.target.closest('#nav')) {
      return;
    }
    var node = e.target.closest('[data-spec], [data-kernel]');
    if (node) {
      showDefinition(node);
    }
  });
  $('definition-close').addEventListener('click', function () {
    $('definition').hidden = true;
    document.querySelectorAll('.selected').forEach(function (n) {
      n.classList.remove('selected');
    });
    selectedEid = null;
  });

  // ---- navigation ----

  var slider = $('step-slider');
  slider.max = String(steps.length - 1);

  function go(k) {
    k = Math.max(0, Math.min(steps.length - 1, Math.floor(Number(k)) || 0));
    current = k;
    var step = steps[k];
    renderPanel(step);
    renderState(step);
    slider.value = String(k);
    try {
      history.replaceState(null, '', '#step=' + k);
    } catch (err) {
      // a page opened where history cannot change (some sandboxes): the hash stays as it was
    }
    drawArrows();
    return k;
  }

  function fromHash() {
    var m = /step=(\d+)/.exec(location.hash);
    return m ? parseInt(m[1], 10) : null;
  }

  slider.addEventListener('input', function () {
    go(slider.value);
  });
  $('go-first').addEventListener('click', function () {
    go(0);
  });
  $('go-prev').addEventListener('click', function () {
    go(current - 1);
  });
  $('go-next').addEventListener('click', function () {
    go(current + 1);
  });
  $('go-last').addEventListener('click', function () {
    go(steps.length - 1);
  });
  document.addEventListener('keydown', function (e) {
    if (e.target === slider || e.altKey || e.ctrlKey || e.metaKey) {
      return;
    }
    var to = null;
    if (e.key === 'ArrowRight') {
      to = current + 1;
    } else if (e.key === 'ArrowLeft') {
      to = current - 1;
    } else if (e.key === 'Home') {
      to = 0;
    } else if (e.key === 'End') {
      to = steps.length - 1;
    }
    if (to !== null) {
      e.preventDefault();
      go(to);
    }
  });
  window.addEventListener('hashchange', function () {
    var k = fromHash();
    if (k !== null && k !== current) {
      go(k);
    }
  });
  var pending = false;
  window.addEventListener('resize', function () {
    if (!pending) {
      pending = true;
      requestAnimationFrame(function () {
        pending = false;
        drawArrows();
      });
    }
  });

  // ---- the header ----

  $('source').textContent = run.source;
  $('kind').textContent = run.kind;
  $('slice').textContent = run.slice ? 'slice ' + run.slice : '';
  var notes = $('notes');
  run.notes.forEach(function (n) {
    notes.appendChild(el('li', null, n));
  });
  if (!run.notes.length) {
    $('notes-box').hidden = true;
  }

  window.explain = {
    count: function () {
      return steps.length;
    },
    step: function () {
      return current;
    },
    go: go
  };

  var start = fromHash();
  go(start === null ? 0 : start);
})();
