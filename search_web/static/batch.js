// The batch job page: follow a running job from its JSON (reload when it has ended), draw
// the chart of an ended job's counts per period, or per value of a facet (an SVG made
// here; nothing downloaded),
// and ask before deleting a job.
(function () {
  "use strict";
  var section = document.getElementById("batch-job");
  if (!section) { return; }
  var SVG = "http://www.w3.org/2000/svg";
  var SERIES_CLASSES = 8;  // .series-0 … .series-7 in batch.css

  // --- Progress ---------------------------------------------------------------------------
  function follow() {
    var status = section.getAttribute("data-status");
    if (status !== "queued" && status !== "running") { return; }
    var api = section.getAttribute("data-api");
    function poll() {
      fetch(api, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
        .then(function (r) { return r.json(); })
        .then(function (job) {
          document.getElementById("progress").value = job.done;
          document.getElementById("done").textContent = job.done;
          document.getElementById("status").textContent = job.status_label;
          document.getElementById("eta").textContent = job.eta_text;
          if (job.status !== "queued" && job.status !== "running") {
            window.location.reload();
          } else {
            window.setTimeout(poll, 1000);
          }
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    }
    window.setTimeout(poll, 500);
  }

  // --- Delete -----------------------------------------------------------------------------
  var deleteForm = document.getElementById("delete-form");
  if (deleteForm) {
    deleteForm.addEventListener("submit", function (event) {
      if (!window.confirm("删除这个任务和它的全部文件？删除后无法恢复。")) {
        event.preventDefault();
      }
    });
  }

  // --- Chart ------------------------------------------------------------------------------
  function el(name, attrs, text) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function periodLabel(period) { return period === "undated" ? "无日期" : period; }

  function label(value, mode) {
    if (mode === "ratios") { return (value * 100).toFixed(value * 100 < 10 ? 2 : 1) + "%"; }
    return String(value);
  }

  function draw(figure, data, mode) {
    var plot = document.getElementById("chart-plot");
    var width = Math.max(300, plot.clientWidth || 600);
    var values = data.kind === "values";  // a facet's values: dots, every one labelled
    var height = (width < 500 ? 220 : 300) + (values ? 60 : 0);
    var left = 56, right = 12, top = 14, bottom = values ? 94 : 34;
    var innerW = width - left - right, innerH = height - top - bottom;
    var n = data.periods.length;
    var max = 0;
    data.series.forEach(function (s) {
      s[mode].forEach(function (v) { if (v !== null && v > max) { max = v; } });
    });
    var svg = el("svg", {"class": "chart-svg", "viewBox": "0 0 " + width + " " + height,
                         "width": width, "height": height, "role": "img",
                         "aria-label": (values ? "各值的" : "各时期的") +
                                       (mode === "ratios" ? "占比" : "篇数")});
    function x(i) {
      if (values) { return left + (i + 0.5) * innerW / n; }
      return left + (n <= 1 ? innerW / 2 : i * innerW / (n - 1));
    }
    function y(v) { return top + innerH - (max ? v / max * innerH : 0); }
    // Axes: the value at the top and at zero; the first, middle and last period.
    svg.appendChild(el("line", {"class": "axis", "x1": left, "y1": top + innerH,
                                "x2": left + innerW, "y2": top + innerH}));
    svg.appendChild(el("line", {"class": "grid", "x1": left, "y1": top,
                                "x2": left + innerW, "y2": top}));
    svg.appendChild(el("text", {"class": "y-label y-max", "x": left - 6, "y": top + 4},
                       label(max, mode)));
    svg.appendChild(el("text", {"class": "y-label", "x": left - 6, "y": top + innerH + 4},
                       label(0, mode)));
    // Every period when there are few, else about six spread evenly (the last one too);
    // every value, slanted.
    var most = width < 500 ? 4 : 8;
    var step = n <= most || values ? 1 : Math.ceil(n / (most - 2));
    var ticks = [];
    for (var t = 0; t < n; t += step) { ticks.push(t); }
    if (n && ticks[ticks.length - 1] !== n - 1) {
      if (n - 1 - ticks[ticks.length - 1] < step / 2) { ticks.pop(); }
      ticks.push(n - 1);
    }
    ticks.forEach(function (i) {
      if (values) {
        var at = top + innerH + 12;
        svg.appendChild(el("text", {"class": "x-label", "x": x(i), "y": at, "text-anchor": "end",
                                    "transform": "rotate(-40 " + x(i) + " " + at + ")"},
                           data.periods[i]));
        return;
      }
      var anchor = n === 1 ? "middle" : (i === 0 ? "start" : (i === n - 1 ? "end" : "middle"));
      svg.appendChild(el("text", {"class": "x-label", "x": x(i), "y": height - 10,
                                  "text-anchor": anchor}, periodLabel(data.periods[i])));
    });
    data.series.forEach(function (s, index) {
      var cls = "series-" + (index % SERIES_CLASSES);
      var path = "", pen = "M";
      s[mode].forEach(function (v, i) {
        if (v === null) { pen = "M"; return; }
        path += pen + x(i).toFixed(1) + "," + y(v).toFixed(1) + " ";
        pen = "L";
      });
      var group = el("g", {"class": "series " + cls});
      if (!values) { group.appendChild(el("path", {"d": path.trim(), "fill": "none"})); }
      s[mode].forEach(function (v, i) {
        if (v === null) { return; }
        var dot = el("circle", {"cx": x(i).toFixed(1), "cy": y(v).toFixed(1),
                                "r": values ? 4 : 2.5});
        dot.appendChild(el("title", {}, s.query + " " + periodLabel(data.periods[i]) + "：" +
                           s.counts[i] + " 篇（" + label(s.ratios[i], "ratios") + "）"));
        group.appendChild(dot);
      });
      svg.appendChild(group);
    });
    plot.replaceChildren(svg);
  }

  function legend(data) {
    var list = document.getElementById("chart-legend");
    list.replaceChildren();
    data.series.forEach(function (s, index) {
      var item = document.createElement("li");
      var swatch = el("svg", {"class": "swatch series-" + (index % SERIES_CLASSES),
                              "width": 14, "height": 10, "aria-hidden": "true"});
      swatch.appendChild(el("rect", {"width": 14, "height": 10, "rx": 2}));
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(s.query + "（" + s.total + " 篇）"));
      list.appendChild(item);
    });
    var note = document.getElementById("chart-note");
    note.textContent = data.queries > data.series.length
      ? "图中是总数最多的 " + data.series.length + " 条查询（共 " + data.queries +
        " 条）；全部查询见宽表。"
      : "";
  }

  function chart() {
    var figure = document.getElementById("chart");
    if (!figure) { return; }
    var mode = "counts";
    var buttons = figure.querySelectorAll("[data-mode]");
    fetch(figure.getAttribute("data-src"), {headers: {"Accept": "application/json"},
                                            credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        legend(data);
        draw(figure, data, mode);
        figure.setAttribute("data-ready", "1");
        buttons.forEach(function (button) {
          button.addEventListener("click", function () {
            mode = button.getAttribute("data-mode");
            buttons.forEach(function (b) {
              b.setAttribute("aria-pressed", String(b === button));
            });
            draw(figure, data, mode);
          });
        });
        var resized = null;
        window.addEventListener("resize", function () {
          window.clearTimeout(resized);
          resized = window.setTimeout(function () { draw(figure, data, mode); }, 150);
        });
      });
  }

  follow();
  chart();
})();
