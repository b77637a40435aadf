// notecoder review: keyboard shortcuts and word selection. The page works without it
// (every control is a plain form field); this only saves clicks.
(function () {
  "use strict";
  var note = document.getElementById("note");
  var form = document.getElementById("corrections");
  // Selecting words in the note fills "add a condition": its words and character offsets.
  function offsetOf(node, off) {
    var el = node.nodeType === 3 ? node.parentElement : node;
    while (el && el !== note && !el.hasAttribute("data-offset")) el = el.parentElement;
    if (!el || el === note) return -1;
    return parseInt(el.getAttribute("data-offset"), 10) + off;
  }
  if (note && form) {
    document.addEventListener("selectionchange", function () {
      var sel = window.getSelection();
      if (!sel || sel.rangeCount === 0 || sel.isCollapsed || !note.contains(sel.anchorNode)) return;
      var r = sel.getRangeAt(0);
      var a = offsetOf(r.startContainer, r.startOffset), b = offsetOf(r.endContainer, r.endOffset);
      if (a < 0 || b <= a) return;
      document.getElementById("add-start").value = a;
      document.getElementById("add-end").value = b;
      document.getElementById("add-words").value = sel.toString();
    });
  }
  // A finding's evidence lights up when its controls have focus.
  document.querySelectorAll("fieldset.finding").forEach(function (fs) {
    var link = fs.querySelector("legend a");
    if (!link) return;
    var mark = document.querySelector(link.getAttribute("href"));
    fs.addEventListener("focusin", function () { if (mark) mark.classList.add("active"); });
    fs.addEventListener("focusout", function () { if (mark) mark.classList.remove("active"); });
  });
  // Keys: c confirm, s save, n next, r reject the condition in focus (else the first).
  document.addEventListener("keydown", function (e) {
    var t = e.target.tagName;
    if (e.ctrlKey || e.metaKey || e.altKey || t === "INPUT" || t === "SELECT" || t === "TEXTAREA") return;
    if (!form) return;
    if (e.key === "c") { document.getElementById("confirm").click(); }
    else if (e.key === "s") { document.getElementById("save").click(); }
    else if (e.key === "n") { var n = document.getElementById("next"); if (n) n.click(); }
    else if (e.key === "r") {
      var fs = document.activeElement && document.activeElement.closest ? document.activeElement.closest("fieldset.condition") : null;
      fs = fs || document.querySelector("fieldset.condition");
      if (fs) { var rb = fs.querySelector("input[value=refute]"); rb.checked = true; rb.focus(); }
    } else { return; }
    e.preventDefault();
  });
})();
