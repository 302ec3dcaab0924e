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

  function enhance(root) {
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
