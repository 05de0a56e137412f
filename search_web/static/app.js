// Baoku: small progressive enhancements; every page works without this file.
"use strict";

// "/" anywhere (outside a text field) puts the cursor in the search box.
document.addEventListener("keydown", function (event) {
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) {
    return;
  }
  var target = event.target;
  var tag = target && target.tagName ? target.tagName.toLowerCase() : "";
  if (tag === "input" || tag === "textarea" || tag === "select" || (target && target.isContentEditable)) {
    return;
  }
  var box = document.getElementById("q");
  if (box) {
    event.preventDefault();
    box.focus();
    box.select();
  }
});

// Copy buttons (复制链接, 复制): the text of data-copy, or of the element data-copy-from
// names, goes to the clipboard; the status line says 已复制. Without this file they stay
// hidden and the texts can be selected by hand.
function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    return navigator.clipboard.writeText(text);
  }
  var area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  var done = document.execCommand("copy");
  document.body.removeChild(area);
  return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
}

document.addEventListener("DOMContentLoaded", function () {
  // Without a configured public address the server gives the permalink as a path (it never
  // trusts the Host header); the browser knows the address the reader used.
  var permalink = document.getElementById("permalink");
  if (permalink) {
    permalink.setAttribute("href", permalink.href);
    permalink.textContent = permalink.href;
    var copyLink = document.getElementById("copy-link");
    if (copyLink) { copyLink.setAttribute("data-copy", permalink.href); }
  }
  var status = document.getElementById("copied");
  document.querySelectorAll("button.copy").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var from = button.getAttribute("data-copy-from");
      var text = from ? document.getElementById(from).textContent.trim()
                      : button.getAttribute("data-copy");
      copyText(text).then(function () {
        if (status) { status.textContent = "已复制：" + text; }
      }, function () {
        if (status) { status.textContent = "无法复制，请手动选择文字复制"; }
      });
    });
  });

  // The year / month quick pick fills the 起 and 止 fields.
  var year = document.getElementById("pick-year");
  var month = document.getElementById("pick-month");
  function pick() {
    if (!/^\d{4}$/.test(year.value)) { return; }
    var value = year.value + (month.value ? "-" + ("0" + month.value).slice(-2) : "");
    document.getElementById("date-from").value = value;
    document.getElementById("date-to").value = value;
  }
  if (year && month) {
    year.addEventListener("input", pick);
    month.addEventListener("change", pick);
  }
});

// The skip link to the filters puts the focus on the first filter, not on the panel.
document.addEventListener("click", function (event) {
  var link = event.target.closest ? event.target.closest("a[data-focus-first]") : null;
  if (!link) { return; }
  var panel = document.querySelector(link.getAttribute("href"));
  var first = panel && panel.querySelector("a.facet-value");
  if (first) {
    event.preventDefault();
    history.replaceState(null, "", link.getAttribute("href"));
    panel.classList.add("open");
    first.focus();
  }
});
