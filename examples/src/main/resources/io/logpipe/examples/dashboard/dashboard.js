// logpipe dashboard: polls this server's /api/series and draws it with uPlot. Every text that comes
// from the data or the server is set with textContent, never parsed as HTML.
(function () {
  'use strict';

  var RANGE_LABELS = { '15m': '15 min', '1h': '1 h', '24h': '24 h', 'all': 'all' };
  var HEIGHT = 380;

  // the page's state, read by the browser test and handy in the console
  var state = {
    status: 'loading', // loading | data | empty | error
    config: null,
    data: null,
    message: '',
    updates: 0,
    range: null,
    plot: null,
    statuses: [],
    pipeline: null,
    valueAt: function (status, epochSeconds) {
      var p = state.plot;
      if (!p) { return null; }
      var s = state.statuses.indexOf(String(status));
      var i = p.data[0].indexOf(epochSeconds);
      return s < 0 || i < 0 ? null : p.data[s + 1][i];
    }
  };
  window.logpipeDashboard = state;

  function $(id) { return document.getElementById(id); }

  function two(n) { return n < 10 ? '0' + n : String(n); }

  function hhmm(ms) {
    var d = new Date(ms);
    return two(d.getHours()) + ':' + two(d.getMinutes());
  }

  function dateTime(ms) {
    var d = new Date(ms);
    return d.getFullYear() + '-' + two(d.getMonth() + 1) + '-' + two(d.getDate()) + ' ' + hhmm(ms);
  }

  function number(v) {
    return v == null ? '–' : Number(v).toLocaleString('en-US');
  }

  function duration(ms) {
    var s = Math.round(ms / 1000);
    if (s < 60) { return s + ' s'; }
    var m = Math.floor(s / 60);
    return m + ' min ' + (s % 60) + ' s';
  }

  function perLabel(step) {
    if (step === 60) { return 'requests per minute'; }
    if (step % 86400 === 0) { return 'requests per ' + (step / 86400) + ' d'; }
    if (step % 3600 === 0) { return 'requests per ' + (step / 3600) + ' h'; }
    return 'requests per ' + (step / 60) + ' min';
  }

  // one hue family per status class: 2xx green, 3xx blue, 4xx orange, 5xx red, others grey
  var FAMILIES = {
    '2': ['#2e7d32', '#43a047', '#1b5e20', '#66bb6a'],
    '3': ['#1565c0', '#42a5f5', '#0d47a1', '#64b5f6'],
    '4': ['#ef6c00', '#f9a825', '#e65100', '#ffb74d'],
    '5': ['#c62828', '#ad1457', '#e53935', '#8e24aa']
  };
  var OTHERS = ['#546e7a', '#6d4c41', '#00838f', '#9e9d24'];

  function colors(statuses) {
    var used = {};
    return statuses.map(function (s) {
      var family = /^[2-5]\d\d$/.test(s) ? FAMILIES[s.charAt(0)] : OTHERS;
      var key = family === OTHERS ? 'o' : s.charAt(0);
      var n = used[key] || 0;
      used[key] = n + 1;
      return family[n % family.length];
    });
  }

  function showMessage(kind, text) {
    var m = $('message');
    m.className = kind;
    m.textContent = text;
    m.hidden = false;
  }

  function hideMessage() {
    var m = $('message');
    m.hidden = true;
    m.textContent = '';
    m.className = '';
  }

  function chartWidth() {
    return Math.max(320, $('chart').clientWidth || 800);
  }

  function xs(d) {
    var a = new Array(d.buckets);
    for (var i = 0; i < d.buckets; i++) { a[i] = d.start + i * d.step; }
    return a;
  }

  function options(d, statuses) {
    var palette = colors(statuses);
    // hovering shows the minute's values; otherwise the legend shows each status's total in the range
    var series = [{
      label: 'time',
      value: function (u, ts, sidx, idx) {
        if (idx == null) { return state.data ? state.data.rangeText : '–'; }
        return ts == null ? '–' : dateTime(ts * 1000);
      }
    }];
    statuses.forEach(function (s, i) {
      series.push({
        label: s,
        stroke: palette[i],
        width: 2,
        points: { show: false },
        value: function (u, v, sidx, idx) {
          if (idx == null) {
            var line = state.data && state.data.series[sidx - 1];
            return line ? 'total ' + number(line.total) : '–';
          }
          return number(v);
        }
      });
    });
    return {
      width: chartWidth(),
      height: HEIGHT,
      scales: { x: { time: true }, y: { range: function (u, min, max) { return [0, Math.max(1, Math.ceil(max * 1.1))]; } } },
      axes: [{}, { label: perLabel(d.step), size: 70 }],
      series: series,
      legend: { live: true },
      cursor: { points: { size: 7 } }
    };
  }

  function destroyPlot() {
    if (state.plot) { state.plot.destroy(); }
    state.plot = null;
    state.statuses = [];
  }

  function draw(d) {
    var statuses = d.series.map(function (s) { return s.status; });
    var data = [xs(d)].concat(d.series.map(function (s) { return s.sums; }));
    var same = state.plot && state.step === d.step && statuses.length === state.statuses.length
        && statuses.every(function (s, i) { return s === state.statuses[i]; });
    if (same) {
      state.plot.setData(data);
      state.plot.setLegend({ idx: state.plot.cursor.idx }); // the totals changed too
    } else {
      destroyPlot();
      state.plot = new uPlot(options(d, statuses), data, $('chart'));
      state.statuses = statuses;
      state.step = d.step;
    }
  }

  function emptyText(d) {
    if (d.newest == null) {
      return 'no documents in ' + d.index + ' yet: the first window closes at ' + hhmm(d.nextWindowCloses)
          + ', then the aggregated stream delivers it; this page updates by itself.';
    }
    return 'no documents in ' + d.index + ' in ' + d.rangeText + '; the newest is from ' + dateTime(d.newest)
        + ': choose a longer range.';
  }

  function updated(suffix) {
    $('updated').textContent = 'updated ' + new Date().toLocaleTimeString('en-GB') + ' · refresh every '
        + (state.config.refreshMs / 1000) + ' s · times in your time zone' + (suffix || '');
  }

  function fetchJson(url) {
    return fetch(url, { cache: 'no-store' }).then(function (r) {
      return r.json().then(function (body) { return { status: r.status, body: body }; },
        function () { throw new Error(url + ' answered HTTP ' + r.status); });
    });
  }

  function loadSeries() {
    var range = state.range;
    return fetchJson('api/series?range=' + encodeURIComponent(range)).then(function (r) {
      if (range !== state.range) { return; } // the user picked another range meanwhile
      var d = r.body;
      state.data = d;
      state.updates++;
      if (d.state === 'data') {
        hideMessage();
        draw(d);
        state.status = 'data';
        state.message = '';
        updated();
      } else if (d.state === 'empty') {
        destroyPlot();
        state.status = 'empty';
        state.message = emptyText(d);
        showMessage('empty', state.message);
        updated();
      } else {
        state.status = 'error';
        state.message = d.message || ('the dashboard server answered HTTP ' + r.status);
        showMessage('error', state.message);
        updated(state.plot ? ' · the chart shows the last data received' : '');
      }
    }, function () {
      state.status = 'error';
      state.message = 'the dashboard server does not answer: is logpipe still running?';
      showMessage('error', state.message);
    });
  }

  function loadPipeline() {
    if (!state.config.pipeline) { return Promise.resolve(); }
    return fetchJson('api/pipeline').then(function (r) {
      if (r.status !== 200) {
        $('reconciliation').textContent = r.body.message || ('HTTP ' + r.status);
        return;
      }
      var p = r.body;
      state.pipeline = p;
      // rows are updated in place, keyed by stage, so nothing flickers between refreshes
      var body = $('stages').tBodies[0];
      var rows = {};
      Array.prototype.forEach.call(body.rows, function (tr) { rows[tr.getAttribute('data-stage')] = tr; });
      p.stages.forEach(function (s, i) {
        var tr = rows[s.stage];
        if (!tr) {
          tr = document.createElement('tr');
          tr.setAttribute('data-stage', s.stage);
          ['label', 'num count', 'num rate'].forEach(function (c) {
            var td = document.createElement('td');
            td.className = c;
            tr.appendChild(td);
          });
        }
        delete rows[s.stage];
        tr.cells[0].textContent = s.label;
        tr.cells[0].title = s.stage;
        tr.cells[1].textContent = number(s.count);
        tr.cells[2].textContent = s.perSecond.toFixed(1);
        if (body.rows[i] !== tr) { body.insertBefore(tr, body.rows[i] || null); }
      });
      Object.keys(rows).forEach(function (k) { body.removeChild(rows[k]); });
      $('reconciliation').textContent = p.reconciliation;
      $('first-aggregate').textContent = p.timeToFirstAggregateMs == null ? 'not yet' : duration(p.timeToFirstAggregateMs);
    }, function () { /* the series' error already says the server is gone */ });
  }

  var timer = null;

  function tick() {
    clearTimeout(timer);
    Promise.all([loadSeries(), loadPipeline()]).then(schedule, schedule);
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(tick, state.config.refreshMs);
  }

  function setRange(key) {
    state.range = key;
    var buttons = $('ranges').querySelectorAll('button');
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute('aria-pressed', String(buttons[i].getAttribute('data-range') === key));
    }
    history.replaceState(null, '', '?range=' + encodeURIComponent(key));
    tick();
  }

  function start(cfg) {
    state.config = cfg;
    $('index').textContent = cfg.index;
    $('opensearch').textContent = cfg.opensearch;
    $('pipeline').hidden = !cfg.pipeline;
    $('metrics-link').hidden = !cfg.metrics;
    var nav = $('ranges');
    var keys = cfg.ranges.map(function (r) { return r.key; });
    cfg.ranges.forEach(function (r) {
      var b = document.createElement('button');
      b.type = 'button';
      b.setAttribute('data-range', r.key);
      b.textContent = RANGE_LABELS[r.key] || r.key;
      b.title = r.text;
      b.addEventListener('click', function () { setRange(r.key); });
      nav.appendChild(b);
    });
    var asked = new URLSearchParams(location.search).get('range');
    setRange(keys.indexOf(asked) >= 0 ? asked : cfg.defaultRange);
    window.addEventListener('resize', function () {
      if (state.plot) { state.plot.setSize({ width: chartWidth(), height: HEIGHT }); }
    });
  }

  fetchJson('api/config').then(function (r) { start(r.body); }, function () {
    state.status = 'error';
    state.message = 'the dashboard server does not answer: is logpipe still running?';
    showMessage('error', state.message);
  });
})();
