/* policypress: keep notices and states true between builds.
   A notice, and the status line of a version whose state changes next, carry
   the instant of that change; if this reader's clock is already past it (the
   daily build has not run yet), show the text written for after it: the
   change is in effect, this text is superseded, and where the new one is.
   Without JavaScript the built text stands. */
(function () {
  "use strict";
  function update(root) {
    // A preview shows the site on the day its ribbon names, whatever the clock says.
    if ((root || document).querySelector(".pp-ribbon")) return;
    var now = Date.now();
    var notices = (root || document).querySelectorAll("[data-pp-effective]");
    for (var i = 0; i < notices.length; i++) {
      var effective = Date.parse(notices[i].getAttribute("data-pp-effective"));
      if (isNaN(effective) || now < effective) continue;
      var before = notices[i].querySelector(".pp-notice__before");
      var after = notices[i].querySelector(".pp-notice__after");
      if (before && after) {
        before.hidden = true;
        after.hidden = false;
      }
    }
  }
  // The language switcher links to the same page in the other language; keep
  // the reader at the same section too (section ids are the same in every
  // language). Capture phase, so this runs first; the event then stops here,
  // because Material's own handler (made for switchers that point at language
  // roots) would navigate to a URL without the section.
  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest && event.target.closest("a.md-select__link[hreflang]");
    if (!link || event.metaKey || event.ctrlKey) return;
    event.stopPropagation();
    var href = link.getAttribute("href") || "";
    if (location.hash && href.indexOf("#") === -1) link.setAttribute("href", href + location.hash);
  }, true);

  // The compare page: two lists need the script (a static site has no server
  // to send the choice to), so the form is shown by it; each pair's page is made
  // by the build, and the form only goes to it. Without script the list of every
  // pair below the form does the same.
  function enhance(root) {
    var forms = (root || document).querySelectorAll("form.pp-compare[hidden]");
    for (var i = 0; i < forms.length; i++) forms[i].hidden = false;
    // A table wider than the screen scrolls in Material's wrapper; a keyboard
    // scrolls it only if it can be focused, and a screen reader names the
    // region by the table's title (KWCAG 2.2, 2.1.1).
    var wraps = (root || document).querySelectorAll(".md-typeset__scrollwrap");
    for (var j = 0; j < wraps.length; j++) {
      var wrap = wraps[j];
      if (wrap.scrollWidth <= wrap.clientWidth + 1 || wrap.hasAttribute("tabindex")) continue;
      var caption = wrap.querySelector("caption");
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      if (caption) wrap.setAttribute("aria-label", caption.textContent.trim());
    }
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || !form.matches || !form.matches("form.pp-compare")) return;
    event.preventDefault();
    var pairs = JSON.parse(form.getAttribute("data-pp-pairs") || "{}");
    var old = form.elements.old.value, current = form.elements["new"].value;
    var error = form.querySelector(".pp-compare__error");
    if (old === current) {
      error.textContent = error.getAttribute("data-pp-same");
      return;
    }
    error.textContent = "";
    // Either order: the older of the two is the one compared from (slugs are dates).
    var from = old < current ? old : current, to = old < current ? current : old;
    var href = pairs[from + " " + to];
    if (href) {
      location.href = new URL(href, location.href).href;
      return;
    }
    // A pair with no page of its own (a long history): the changes pages from one to the other.
    var steps = JSON.parse(form.getAttribute("data-pp-steps") || "{}");
    error.textContent = error.getAttribute("data-pp-steps") + " ";
    Object.keys(steps).sort().filter(function (slug) { return slug > from && slug <= to; }).forEach(function (slug, index) {
      if (index) error.appendChild(document.createTextNode(", "));
      var link = document.createElement("a");
      link.href = steps[slug][1];
      link.textContent = steps[slug][0];
      error.appendChild(link);
    });
  });

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    // Material's instant navigation replaces the page without a new load.
    window.document$.subscribe(function () { update(document); enhance(document); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { update(document); enhance(document); });
  } else {
    update(document);
    enhance(document);
  }
})();
