// corpus_tools web page: a little progressive enhancement. Every page works without it.
(function () {
  "use strict";

  // Search results: a click anywhere on a concordance line opens its document.
  document.querySelectorAll("table.kwic tr[data-href]").forEach(function (row) {
    row.addEventListener("click", function (ev) {
      if (ev.target.closest("a") || window.getSelection().toString()) return;
      window.location.href = row.getAttribute("data-href");
    });
  });

  // Document: back to the search page we came from (keeps its sort, page and filters).
  var back = document.getElementById("back");
  if (back && document.referrer && document.referrer.indexOf(window.location.origin + "/?") === 0) {
    back.addEventListener("click", function (ev) { ev.preventDefault(); window.history.back(); });
  }

  // Document: step through the hits with the buttons or the keys n / p.
  var marks = Array.prototype.slice.call(document.querySelectorAll("#text mark"));
  if (marks.length) {
    var at = Math.max(0, marks.findIndex(function (m) { return m.classList.contains("current"); }));
    var go = function (step) {
      at = (at + step + marks.length) % marks.length;
      marks[at].scrollIntoView({ block: "center" });
      marks.forEach(function (m) { m.classList.toggle("current", m === marks[at]); });
    };
    var next = document.getElementById("next-hit"), prev = document.getElementById("prev-hit");
    if (next) next.addEventListener("click", function () { go(1); });
    if (prev) prev.addEventListener("click", function () { go(-1); });
    document.addEventListener("keydown", function (ev) {
      if (ev.target.closest("input, textarea, select")) return;
      if (ev.key === "n") go(1);
      if (ev.key === "p") go(-1);
    });
    var current = document.querySelector("#text mark.current");
    if (current) current.scrollIntoView({ block: "center" });
  }

  // Over time: another query box appears when the last one is filled.
  var queries = document.getElementById("queries");
  if (queries) {
    queries.addEventListener("input", function () {
      var boxes = queries.querySelectorAll("input");
      var last = boxes[boxes.length - 1];
      if (last.value && boxes.length < 6) {
        var box = last.cloneNode();
        box.value = "";
        box.placeholder = "another query to compare";
        queries.appendChild(box);
      }
    });
  }

  // Term view: load the (slow) senses-and-shift section after the page is shown.
  var box = document.getElementById("track-box");
  if (box) {
    box.innerHTML = '<p class="loading" id="track-loading">Computing sense clusters and shift scores…</p>';
    fetch(box.getAttribute("data-src"), { headers: { "X-Fragment": "1" } })
      .then(function (r) { return r.text(); })
      .then(function (html) { box.innerHTML = html; })
      .catch(function (e) { box.textContent = "Error: " + e; });
  }

  // Term view: a new concept is shown as soon as it is chosen.
  var concept = document.getElementById("concept");
  if (concept) concept.addEventListener("change", function () { if (concept.value) concept.form.submit(); });
})();
