// whodid review page: keyboard shortcuts and text selection. No inline script (CSP).
(function () {
  "use strict";
  var cards = Array.prototype.slice.call(document.querySelectorAll(".field"));
  var current = -1;

  function show(i) {
    if (!cards.length) return;
    current = (i + cards.length) % cards.length;
    cards.forEach(function (c) { c.classList.remove("current"); });
    document.querySelectorAll("mark.current").forEach(function (m) { m.classList.remove("current"); });
    var card = cards[current];
    card.classList.add("current");
    card.focus({ preventScroll: false });
    var mark = document.getElementById("span-" + card.dataset.field);
    if (mark) { mark.classList.add("current"); mark.scrollIntoView({ block: "center", behavior: "smooth" }); }
  }

  function press(action) {
    if (current < 0) show(0);
    var button = cards[current] && cards[current].querySelector('button[value="' + action + '"]');
    if (button) button.click();
  }

  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA")) return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "j") { show(current + 1); e.preventDefault(); }
    else if (e.key === "k") { show(current - 1); e.preventDefault(); }
    else if (e.key === "a") { press("accept"); e.preventDefault(); }
    else if (e.key === "x") { press("reject"); e.preventDefault(); }
    else if (e.key === "n") { var next = document.getElementById("next-report"); if (next) next.click(); }
  });

  cards.forEach(function (card, i) {
    card.addEventListener("focus", function () { if (current !== i) show(i); });
  });

  // A selection in the source text becomes the span of the next correction or addition.
  var source = document.getElementById("source-text");
  var status = document.getElementById("selection");
  function offset(node, within) {
    var el = node.nodeType === 3 ? node.parentNode : node;
    if (!el || !el.dataset || el.dataset.start === undefined) return null;
    return parseInt(el.dataset.start, 10) + within;
  }
  document.addEventListener("selectionchange", function () {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || !source || !source.contains(sel.anchorNode)) return;
    var a = offset(sel.anchorNode, sel.anchorOffset), b = offset(sel.focusNode, sel.focusOffset);
    if (a === null || b === null || a === b) return;
    var start = Math.min(a, b), end = Math.max(a, b);
    document.querySelectorAll(".span-start").forEach(function (i) { i.value = start; });
    document.querySelectorAll(".span-end").forEach(function (i) { i.value = end; });
    status.textContent = "Selected: \u201c" + sel.toString().slice(0, 120) + "\u201d (characters " + start + "\u2013" + end + ")";
  });
})();
