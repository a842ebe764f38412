// Starling docs: the page over window.STARLING_DOCS (data.js, written by `starling docs generate`).
// No network: everything it shows is in data.js. The lineage graphs are laid out here, on demand, with a
// small layered layout (longest-path layers, then a few barycenter sweeps to reduce crossings), so a
// 10,000-model project only ever lays out what is on screen: a folder graph, or one node's neighbourhood.
(function () {
  'use strict';
  var D = window.STARLING_DOCS;
  var main = document.getElementById('main');
  if (!D) {
    return;
  }
  var SVG = 'http://www.w3.org/2000/svg';
  var FULL_GRAPH_LIMIT = 300; // above this many graph nodes the whole-project graph is drawn by folder
  var byId = new Map();
  var children = new Map();
  D.nodes.forEach(function (n) { byId.set(n.id, n); });
  D.nodes.forEach(function (n) {
    n.depends_on.forEach(function (p) {
      if (!children.has(p)) { children.set(p, []); }
      children.get(p).push(n.id);
    });
  });
  function inGraph(n) { return n && n.kind !== 'test'; }

  // ---- DOM helpers --------------------------------------------------------------------------------------
  function el(tag, attrs) {
    var e = document.createElement(tag);
    setAttrs(e, attrs);
    for (var i = 2; i < arguments.length; i++) { add(e, arguments[i]); }
    return e;
  }
  function svg(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    setAttrs(e, attrs);
    for (var i = 2; i < arguments.length; i++) { add(e, arguments[i]); }
    return e;
  }
  function setAttrs(e, attrs) {
    if (!attrs) { return; }
    Object.keys(attrs).forEach(function (k) {
      if (attrs[k] === null || attrs[k] === undefined) { return; }
      if (k === 'html') { e.innerHTML = attrs[k]; } // only Starling's own rendering (Markdown with HTML escaped)
      else if (k === 'text') { e.textContent = attrs[k]; }
      else { e.setAttribute(k, attrs[k]); }
    });
  }
  function add(parent, child) {
    if (child === null || child === undefined || child === false) { return; }
    if (Array.isArray(child)) { child.forEach(function (c) { add(parent, c); }); return; }
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
  function link(id, text) {
    var n = byId.get(id);
    return el('a', { href: '#!/node/' + encodeURIComponent(id), 'data-id': id }, text || (n ? n.name : id));
  }
  function badge(text, cls) { return el('span', { 'class': 'badge ' + (cls || '') }, text); }
  function statusBadge(status) {
    var s = status || 'unknown';
    return badge(status ? s : 'not run', 'status-' + s);
  }
  function plural(kind, n) { return n + ' ' + (n === 1 ? kind : plurals(kind)); }
  function plurals(kind) { return /is$/.test(kind) ? kind.replace(/is$/, 'es') : kind + 's'; }
  function title(kind) { var p = plurals(kind); return p.charAt(0).toUpperCase() + p.slice(1); }

  document.getElementById('project').textContent = D.project + ' - target ' + D.target;
  document.title = D.project + ' - Starling docs';

  // ---- sidebar: every kind (data-driven: seeds and snapshots appear when the project has them) -----------
  var sidebar = document.getElementById('sidebar');
  function folderList(nodes) {
    var ul = el('ul');
    nodes.forEach(function (n) {
      ul.appendChild(el('li', null, link(n.id)));
    });
    return ul;
  }
  D.kinds.forEach(function (kind) {
    var nodes = D.nodes.filter(function (n) { return n.kind === kind; });
    if (!nodes.length) { return; }
    var folders = new Map();
    nodes.forEach(function (n) {
      if (!folders.has(n.folder)) { folders.set(n.folder, []); }
      folders.get(n.folder).push(n);
    });
    var box = el('details', { 'class': 'kind', 'data-kind': kind }, el('summary', null, title(kind) + ' (' + nodes.length + ')'));
    if (kind !== 'test' && nodes.length <= 2000) { box.open = true; }
    folders.forEach(function (list, folder) {
      list.sort(function (a, b) { return a.name.localeCompare(b.name); });
      var f = el('details', { 'class': 'folder' }, el('summary', null, folder + ' (' + list.length + ')'));
      // a folder's list is built when it is first opened: 10,000 links cost nothing until then
      var built = false;
      function build() { if (!built) { built = true; f.appendChild(folderList(list)); } }
      f.addEventListener('toggle', build);
      if (box.open && list.length <= 200 && folders.size <= 30) { f.open = true; build(); }
      box.appendChild(f);
    });
    sidebar.appendChild(box);
  });

  // ---- search -------------------------------------------------------------------------------------------
  var search = document.getElementById('search');
  var results = document.getElementById('results');
  var index = D.nodes.map(function (n) {
    var cols = (n.columns || []).map(function (c) { return c.name; });
    var text = (n.description || '').replace(/<[^>]*>/g, ' ');
    return { node: n, name: n.name.toLowerCase(), cols: cols.map(function (c) { return c.toLowerCase(); }), cols0: cols,
      text: text.toLowerCase(), tags: (n.tags || []).join(' ').toLowerCase(), file: n.file.toLowerCase() };
  });
  var kindRank = {};
  D.kinds.forEach(function (k, i) { kindRank[k] = k === 'test' ? 99 : i; });
  function find(query) {
    var q = query.trim().toLowerCase();
    if (!q) { return []; }
    var hits = [];
    index.forEach(function (e) {
      var score = -1, why = '';
      if (e.name === q) { score = 0; }
      else if (e.name.indexOf(q) === 0) { score = 1; }
      else if (e.name.indexOf(q) >= 0) { score = 2; }
      else {
        var c = e.cols.indexOf(q);
        if (c < 0) { c = e.cols.findIndex(function (x) { return x.indexOf(q) >= 0; }); }
        if (c >= 0) { score = 3; why = 'column ' + e.cols0[c]; }
        else if (e.tags.indexOf(q) >= 0) { score = 4; why = 'tag'; }
        else if (e.text.indexOf(q) >= 0) { score = 5; why = 'description'; }
        else if (e.file.indexOf(q) >= 0) { score = 6; why = 'file'; }
      }
      if (score >= 0) { hits.push({ e: e, score: score * 100 + kindRank[e.node.kind], why: why }); }
    });
    hits.sort(function (a, b) { return a.score - b.score || a.e.name.localeCompare(b.e.name); });
    return hits.slice(0, 50);
  }
  var active = -1;
  function showResults() {
    var hits = find(search.value);
    results.innerHTML = '';
    active = hits.length ? 0 : -1;
    hits.forEach(function (h, i) {
      var a = link(h.e.node.id);
      a.insertBefore(badge(h.e.node.kind, 'kind-' + h.e.node.kind), a.firstChild);
      if (h.why) { a.appendChild(el('span', { 'class': 'why' }, h.why)); }
      results.appendChild(el('li', { 'class': i === 0 ? 'active' : '' }, a));
    });
    if (search.value.trim() && !hits.length) { results.appendChild(el('li', { 'class': 'none' }, el('a', null, 'No match'))); }
    results.hidden = !search.value.trim();
  }
  search.addEventListener('input', showResults);
  search.addEventListener('keydown', function (ev) {
    var items = results.querySelectorAll('li a[data-id]');
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      if (!items.length) { return; }
      active = (active + (ev.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
      results.querySelectorAll('li').forEach(function (li, i) { li.className = i === active ? 'active' : ''; });
      ev.preventDefault();
    } else if (ev.key === 'Enter' && items.length) {
      location.hash = items[Math.max(0, active)].getAttribute('href');
      results.hidden = true;
    } else if (ev.key === 'Escape') {
      results.hidden = true;
    }
  });
  results.addEventListener('click', function () { results.hidden = true; });
  document.addEventListener('click', function (ev) { if (!ev.target.closest('#search-box')) { results.hidden = true; } });

  // ---- layered layout and SVG ---------------------------------------------------------------------------
  // items: [{id, label, sub, cls}], edges: [[from, to]] between item ids. Returns an <svg>.
  function drawGraph(items, edges, currentId, onClick) {
    var W = 10, H = 38, GAPX = 56, GAPY = 14;
    items.forEach(function (it) { W = Math.max(W, Math.min(280, Math.max(7.2 * it.label.length, 6.0 * (it.sub || '').length) + 22)); });
    var ids = items.map(function (it) { return it.id; });
    var known = new Set(ids);
    var preds = new Map(), succs = new Map();
    ids.forEach(function (id) { preds.set(id, []); succs.set(id, []); });
    edges = edges.filter(function (e) { return known.has(e[0]) && known.has(e[1]) && e[0] !== e[1]; });
    edges.forEach(function (e) { succs.get(e[0]).push(e[1]); preds.get(e[1]).push(e[0]); });
    // longest-path layers (Kahn's order; the project's graph has no cycles, folder graphs may: those edges are ignored)
    var indeg = new Map(), layer = new Map(), queue = [];
    ids.forEach(function (id) { indeg.set(id, preds.get(id).length); layer.set(id, 0); if (!indeg.get(id)) { queue.push(id); } });
    for (var qi = 0; qi < queue.length; qi++) {
      var u = queue[qi];
      succs.get(u).forEach(function (v) {
        layer.set(v, Math.max(layer.get(v), layer.get(u) + 1));
        indeg.set(v, indeg.get(v) - 1);
        if (!indeg.get(v)) { queue.push(v); }
      });
    }
    var layers = [];
    ids.forEach(function (id) {
      var l = layer.get(id);
      (layers[l] = layers[l] || []).push(id);
    });
    var label = new Map(items.map(function (it) { return [it.id, it]; }));
    layers.forEach(function (L) { L.sort(function (a, b) { return label.get(a).label.localeCompare(label.get(b).label); }); });
    var pos = new Map();
    function place() { layers.forEach(function (L) { L.forEach(function (id, i) { pos.set(id, i); }); }); }
    place();
    function sweep(L, neighbours) {
      var bary = new Map();
      L.forEach(function (id) {
        var ns = neighbours.get(id).filter(function (n) { return pos.has(n); });
        bary.set(id, ns.length ? ns.reduce(function (s, n) { return s + pos.get(n); }, 0) / ns.length : pos.get(id));
      });
      L.sort(function (a, b) { return bary.get(a) - bary.get(b); });
      L.forEach(function (id, i) { pos.set(id, i); });
    }
    for (var round = 0; round < 4; round++) {
      for (var d = 1; d < layers.length; d++) { if (layers[d]) { sweep(layers[d], preds); } }
      for (var up = layers.length - 2; up >= 0; up--) { if (layers[up]) { sweep(layers[up], succs); } }
    }
    var tallest = Math.max.apply(null, layers.map(function (L) { return L ? L.length : 0; }));
    var width = layers.length * (W + GAPX) - GAPX + 40;
    var height = tallest * (H + GAPY) - GAPY + 40;
    var xy = new Map();
    layers.forEach(function (L, l) {
      var offset = (tallest - L.length) * (H + GAPY) / 2;
      L.forEach(function (id, i) { xy.set(id, { x: 20 + l * (W + GAPX), y: 20 + offset + i * (H + GAPY) }); });
    });
    // a graph up to twice the page's width is scaled to fit it; a larger one scrolls at full size
    var root = svg('svg', { 'class': 'lineage' + (width <= 2 * Math.max(600, main.clientWidth - 60) ? ' fit' : ''), id: 'graph', width: width, height: height, viewBox: '0 0 ' + width + ' ' + height,
      'data-nodes': ids.length, 'data-edges': edges.length });
    root.appendChild(svg('defs', null, svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7,
      markerHeight: 7, orient: 'auto-start-reverse' }, svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', 'class': 'arrow' }))));
    var edgeLayer = svg('g', { 'class': 'edges' });
    edges.forEach(function (e) {
      var a = xy.get(e[0]), b = xy.get(e[1]);
      var x1 = a.x + W, y1 = a.y + H / 2, x2 = b.x, y2 = b.y + H / 2;
      var mid = (x1 + x2) / 2;
      var hot = currentId && (e[0] === currentId || e[1] === currentId);
      edgeLayer.appendChild(svg('path', { 'class': 'edge' + (hot ? ' hot' : ''), 'data-from': e[0], 'data-to': e[1],
        d: 'M' + x1 + ' ' + y1 + ' C' + mid + ' ' + y1 + ' ' + mid + ' ' + y2 + ' ' + x2 + ' ' + y2, 'marker-end': 'url(#arrow)' }));
    });
    root.appendChild(edgeLayer);
    items.forEach(function (it) {
      var p = xy.get(it.id);
      var g = svg('g', { 'class': 'node ' + (it.cls || '') + (it.id === currentId ? ' current' : ''), 'data-id': it.id,
        transform: 'translate(' + p.x + ',' + p.y + ')' });
      g.appendChild(svg('title', null, it.title || it.label));
      g.appendChild(svg('rect', { width: W, height: H, rx: 6, ry: 6 }));
      function cut(s, perChar) {
        var max = Math.floor((W - 14) / perChar);
        return s.length > max ? s.slice(0, max - 1) + '\u2026' : s;
      }
      g.appendChild(svg('text', { x: 10, y: it.sub ? 16 : 23 }, cut(it.label, 7.2)));
      if (it.sub) { g.appendChild(svg('text', { x: 10, y: 30, 'class': 'sub' }, cut(it.sub, 6.0))); }
      g.addEventListener('click', function () { onClick(it.id); });
      root.appendChild(g);
    });
    return root;
  }
  function nodeItem(n) {
    return { id: n.id, label: n.name, sub: n.kind + (n.materialized ? ' (' + n.materialized + ')' : '') + ' \u00b7 ' + n.folder,
      cls: 'kind-' + n.kind, title: n.kind + ' ' + n.name + '\n' + n.file };
  }
  function goNode(id) { location.hash = '#!/node/' + encodeURIComponent(id); }
  function edgesAmong(set) {
    var out = [];
    set.forEach(function (id) {
      byId.get(id).depends_on.forEach(function (p) { if (set.has(p)) { out.push([p, id]); } });
    });
    return out;
  }
  function wrap(svgEl) { return el('div', { 'class': 'graph-wrap' }, svgEl); }

  // ---- pages --------------------------------------------------------------------------------------------
  function overview() {
    var counts = el('div', { 'class': 'cards' });
    D.kinds.forEach(function (k) {
      var n = D.nodes.filter(function (x) { return x.kind === k; }).length;
      if (n) { counts.appendChild(el('div', { 'class': 'card' }, el('b', null, n), title(k))); }
    });
    var page = [el('h1', null, D.project), counts,
      el('table', { 'class': 'meta' },
        el('tr', null, el('th', null, 'Target'), el('td', null, D.target)),
        el('tr', null, el('th', null, 'Generated'), el('td', null, D.generated_at)),
        el('tr', null, el('th', null, 'Columns from'), el('td', null, D.columns_from)),
        el('tr', null, el('th', null, 'Test status'), el('td', null, D.run_results ? 'the last ' + D.run_command + ', ' + D.run_results
          : 'unknown: no target/run_results.json when the docs were generated')),
        el('tr', null, el('th', null, 'Freshness'), el('td', null, D.freshness_at ? 'checked ' + D.freshness_at
          : 'not checked: run starling source freshness, then docs generate'))),
      el('p', null, el('a', { href: '#!/lineage' }, 'Whole-project lineage graph'))];
    var sources = D.nodes.filter(function (n) { return n.kind === 'source'; });
    if (sources.length) {
      page.push(el('h2', null, 'Sources'));
      page.push(el('table', { id: 'sources' }, el('tr', null, el('th', null, 'Source'), el('th', null, 'Freshness'), el('th', null, 'Age'), el('th', null, 'Description')),
        sources.map(function (s) {
          var f = s.freshness;
          return el('tr', { 'data-source': s.id }, el('td', null, link(s.id)),
            el('td', null, !f ? 'not checked' : f.status === 'none' ? badge('no rule', 'status-none') : statusBadge(f.status)),
            el('td', null, f && f.age_seconds !== null ? age(f.age_seconds) : '-'), el('td', { html: s.description }));
        })));
    }
    return page;
  }
  function age(seconds) {
    var s = Math.abs(seconds), out;
    if (s >= 86400) { out = Math.floor(s / 86400) + 'd ' + Math.floor(s % 86400 / 3600) + 'h'; }
    else if (s >= 3600) { out = Math.floor(s / 3600) + 'h ' + Math.floor(s % 3600 / 60) + 'm'; }
    else if (s >= 60) { out = Math.floor(s / 60) + 'm ' + (s % 60) + 's'; }
    else { out = s + 's'; }
    return seconds < 0 ? 'in the future by ' + out : out;
  }

  function graphNodes() { return D.nodes.filter(inGraph); }

  function lineagePage(folder, byFolder) {
    var nodes = graphNodes();
    var page = [el('h1', null, folder ? 'Folder ' + folder : 'Lineage')];
    if (folder) {
      nodes = nodes.filter(function (n) { return n.folder === folder; });
      var set = new Set(nodes.map(function (n) { return n.id; }));
      // the folder's nodes with their direct neighbours outside it
      nodes.slice().forEach(function (n) {
        n.depends_on.forEach(function (p) { if (inGraph(byId.get(p)) && !set.has(p)) { set.add(p); nodes.push(byId.get(p)); } });
        (children.get(n.id) || []).forEach(function (c) { if (inGraph(byId.get(c)) && !set.has(c)) { set.add(c); nodes.push(byId.get(c)); } });
      });
      page.push(el('p', { 'class': 'note' }, el('a', { href: '#!/lineage' }, '\u2190 whole project'), ' \u00b7 this folder\'s nodes and their direct neighbours in other folders'));
      if (nodes.length > FULL_GRAPH_LIMIT) {
        page.push(el('p', { 'class': 'note' }, 'Too many nodes to draw (' + nodes.length + '); pick one:'));
        page.push(el('ul', { 'class': 'plain' }, nodes.filter(function (n) { return n.folder === folder; }).map(function (n) { return el('li', null, link(n.id)); })));
        return page;
      }
      page.push(wrap(drawGraph(nodes.map(nodeItem), edgesAmong(set), null, goNode)));
      return page;
    }
    if (nodes.length <= FULL_GRAPH_LIMIT && !byFolder) {
      page.push(el('p', { 'class': 'note' }, nodes.length + ' nodes (tests are listed on each node\'s page). Click a node to open it. ',
        el('a', { href: '#!/lineage/folders', id: 'by-folder' }, 'Show by folder')));
      var all = new Set(nodes.map(function (n) { return n.id; }));
      page.push(wrap(drawGraph(nodes.map(nodeItem), edgesAmong(all), null, goNode)));
      return page;
    }
    // many nodes: one box per folder, an edge where a node of one folder reads a node of another
    var folders = new Map(), edges = new Map();
    nodes.forEach(function (n) {
      if (!folders.has(n.folder)) { folders.set(n.folder, { count: 0, kinds: {} }); }
      var f = folders.get(n.folder);
      f.count++;
      f.kinds[n.kind] = (f.kinds[n.kind] || 0) + 1;
      n.depends_on.forEach(function (p) {
        var pn = byId.get(p);
        if (inGraph(pn) && pn.folder !== n.folder) {
          var key = pn.folder + '\u0000' + n.folder;
          edges.set(key, (edges.get(key) || 0) + 1);
        }
      });
    });
    page.push(el('p', { 'class': 'note' }, nodes.length + ' nodes in ' + folders.size + ' folders: each box is a folder, each arrow means'
      + ' a node in one folder reads a node in the other. Click a folder to see its nodes; a node\'s page draws its own neighbourhood. ',
      nodes.length <= FULL_GRAPH_LIMIT ? el('a', { href: '#!/lineage' }, 'Show every node') : null));
    var items = [];
    folders.forEach(function (f, name) {
      items.push({ id: 'folder:' + name, label: name, sub: Object.keys(f.kinds).map(function (k) { return plural(k, f.kinds[k]); }).join(', '),
        cls: 'kind-folder' });
    });
    var list = [];
    edges.forEach(function (count, key) { var p = key.split('\u0000'); list.push(['folder:' + p[0], 'folder:' + p[1]]); });
    page.push(wrap(drawGraph(items, list, null, function (id) { location.hash = '#!/folder/' + encodeURIComponent(id.slice(7)); })));
    return page;
  }

  function neighbourhood(id, depth) {
    var set = new Set([id]);
    function walk(start, next) {
      var frontier = [start];
      for (var d = 0; d < depth && frontier.length; d++) {
        var nextFrontier = [];
        frontier.forEach(function (x) {
          next(x).forEach(function (y) {
            if (inGraph(byId.get(y)) && !set.has(y)) { set.add(y); nextFrontier.push(y); }
          });
        });
        frontier = nextFrontier;
      }
    }
    walk(id, function (x) { return byId.get(x).depends_on; });
    walk(id, function (x) { return children.get(x) || []; });
    return set;
  }

  function nodePage(id, depth) {
    var n = byId.get(id);
    if (!n) { return [el('h1', null, 'Not found'), el('p', null, 'No node ' + id + ' in this project.')]; }
    var page = [el('h1', null, badge(n.kind, 'kind-' + n.kind), ' ', el('span', { id: 'node-name' }, n.name))];
    page.push(el('div', { 'class': 'description', id: 'description', html: n.description }));
    var meta = el('table', { 'class': 'meta', id: 'meta' });
    function row(k, v) { if (v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && !v.length)) { meta.appendChild(el('tr', null, el('th', null, k), el('td', null, v))); } }
    row('Kind', n.kind);
    row('File', el('code', null, n.file));
    if (n.properties) { row('Described in', el('code', null, n.properties)); }
    row('Relation', n.relation ? el('code', null, n.relation) : null);
    row('Materialization', n.materialized);
    row('Tags', (n.tags || []).map(function (t) { return badge(t); }));
    if (n.kind === 'test') {
      row('Tests', n.tests_node ? [link(n.tests_node), n.column ? ' column ' + n.column : ''] : null);
      row('Severity', n.severity);
      row('Last status', [statusBadge(n.status), n.status_message ? ' ' + n.status_message : '']);
    }
    page.push(el('h2', null, 'Details'), meta);
    if (n.kind === 'source') {
      page.push(el('h2', null, 'Freshness'));
      var f = n.freshness;
      if (!f) {
        page.push(el('p', { 'class': 'note' }, 'Not checked: run starling source freshness, then starling docs generate.'));
      } else {
        page.push(el('table', { 'class': 'meta', id: 'freshness' },
          el('tr', null, el('th', null, 'Status'), el('td', null, statusBadge(f.status === 'none' ? null : f.status), f.status === 'none' ? ' no freshness rule' : '')),
          el('tr', null, el('th', null, 'Age'), el('td', null, f.age_seconds === null ? '-' : age(f.age_seconds), ' (checked ' + D.freshness_at + ')')),
          el('tr', null, el('th', null, 'Newest data'), el('td', null, (f.max_loaded_at || '-') + ' \u00b7 ' + f.basis + (f.newest_file ? ' ' + f.newest_file : ''))),
          el('tr', null, el('th', null, 'Rule'), el('td', null, [f.warn_after ? 'warn after ' + f.warn_after : '', f.error_after ? (f.warn_after ? ', ' : '') + 'error after ' + f.error_after : ''].join('') || 'none')),
          f.message ? el('tr', null, el('th', null, 'Problem'), el('td', null, f.message)) : null));
      }
    }
    var tests = (n.tests || []).map(function (t) { return byId.get(t); }).filter(Boolean);
    if (n.columns) {
      var lineageOf = new Map();
      (n.column_sources || []).forEach(function (c) { lineageOf.set(c.column.toLowerCase(), c); });
      page.push(el('h2', null, 'Columns'));
      page.push(el('table', { id: 'columns' },
        el('tr', null, el('th', null, 'Column'), el('th', null, 'Type'), el('th', null, 'Description'), el('th', null, 'Tests'), n.kind === 'model' ? el('th', null, 'Comes from') : null),
        n.columns.map(function (c) {
          var ct = tests.filter(function (t) { return t.column && t.column.toLowerCase() === c.name.toLowerCase(); });
          var from = null;
          if (n.kind === 'model') {
            var l = lineageOf.get(c.name.toLowerCase());
            from = el('td', { 'class': 'lineage-from' }, !n.column_sources ? 'not known' : !l ? 'not traced' : !l.from.length ? (l.direct ? 'not traced' : 'an expression of no column')
              : [l.direct ? '' : 'derived from ', l.from.map(function (u, i) { return [i ? ', ' : '', link(u[0], byId.get(u[0]).name + '.' + u[1])]; })]);
          }
          return el('tr', { 'data-column': c.name }, el('td', null, el('code', null, c.name)),
            el('td', { title: c.type_from ? 'type from ' + c.type_from : null }, c.type || ''),
            el('td', { html: c.description }),
            el('td', null, ct.map(function (t) { return el('div', null, link(t.id, t.test || t.name), ' ', statusBadge(t.status)); })),
            from);
        })));
      page.push(el('p', { 'class': 'note' }, 'Types from ' + D.columns_from + '.'));
      if (n.kind === 'model') {
        page.push(el('p', { 'class': 'note', id: 'column-lineage-note' }, n.column_sources
          ? 'Column lineage: traced from the select list (plain and renamed columns, and the columns an expression reads).'
          : 'Column lineage: not known for this model: ' + n.column_lineage + '. Only a single select list over joined tables is traced.'));
      }
    }
    if (n.kind !== 'test') {
      page.push(el('h2', null, 'Tests (' + tests.length + ')'));
      if (tests.length) {
        page.push(el('table', { id: 'tests' }, el('tr', null, el('th', null, 'Test'), el('th', null, 'Column'), el('th', null, 'Severity'), el('th', null, 'Last status')),
          tests.map(function (t) {
            return el('tr', { 'data-test': t.id }, el('td', null, link(t.id)), el('td', null, t.column || ''), el('td', null, t.severity), el('td', null, statusBadge(t.status)));
          })));
      } else {
        page.push(el('p', { 'class': 'note' }, 'No tests.'));
      }
    }
    var ups = n.depends_on, downs = (children.get(id) || []).filter(function (c) { return byId.get(c).kind !== 'test'; });
    page.push(el('h2', null, 'Depends on'), ups.length ? el('ul', { 'class': 'plain', id: 'depends-on' }, ups.map(function (p) { return el('li', null, link(p)); })) : el('p', { 'class': 'note' }, 'Nothing.'));
    if (n.kind !== 'test') {
      page.push(el('h2', null, 'Referenced by'), downs.length ? el('ul', { 'class': 'plain', id: 'referenced-by' }, downs.map(function (p) { return el('li', null, link(p)); })) : el('p', { 'class': 'note' }, 'Nothing.'));
      page.push(el('h2', null, 'Lineage'));
      var select = el('select', { id: 'depth' }, [1, 2, 3, 5, 100].map(function (d) { return el('option', { value: d }, d === 100 ? 'all' : String(d)); }));
      select.value = String(depth);
      select.addEventListener('change', function () { location.hash = '#!/node/' + encodeURIComponent(id) + '/' + select.value; });
      page.push(el('div', { 'class': 'controls' }, 'Upstream and downstream, levels: ', select));
      var set = neighbourhood(id, depth);
      if (set.size > 600) {
        page.push(el('p', { 'class': 'note' }, set.size + ' nodes at this depth: too many to draw; pick fewer levels.'));
      } else {
        page.push(wrap(drawGraph(Array.from(set).map(function (x) { return nodeItem(byId.get(x)); }), edgesAmong(set), id, goNode)));
      }
    }
    page.push(el('h2', null, n.kind === 'source' ? 'Load SQL (compiled for this target)' : 'Compiled SQL'));
    page.push(el('pre', { 'class': 'sql', id: 'sql' }, el('code', null, n.sql || '')));
    return page;
  }

  // ---- routing ------------------------------------------------------------------------------------------
  function route() {
    var h = location.hash.replace(/^#!?\/?/, '');
    var parts = h.split('/');
    var page;
    var current = null;
    if (parts[0] === 'node' && parts[1]) {
      current = decodeURIComponent(parts[1]);
      page = nodePage(current, parts[2] ? parseInt(parts[2], 10) || 2 : 2);
    } else if (parts[0] === 'lineage') {
      page = lineagePage(null, parts[1] === 'folders');
    } else if (parts[0] === 'folder' && parts[1]) {
      page = lineagePage(decodeURIComponent(parts.slice(1).join('/')));
    } else {
      page = overview();
    }
    main.innerHTML = '';
    add(main, page);
    main.setAttribute('data-page', parts[0] || 'overview');
    sidebar.querySelectorAll('a.current').forEach(function (a) { a.classList.remove('current'); });
    if (current) {
      var a = sidebar.querySelector('a[data-id="' + current.replace(/["\\]/g, '\\$&') + '"]');
      if (a) { a.classList.add('current'); }
    }
    window.scrollTo(0, 0);
  }
  window.addEventListener('hashchange', route);
  route();
}());
