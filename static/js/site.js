// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // htmx requests carry the CSRF token from the body attribute, not an inline script.
  document.body.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRFToken"] = document.body.dataset.csrfToken;
  });

  // Forms can ask for confirmation through a data attribute instead of an inline handler.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  }, true);

  // After a form reloads the page, take the reader to what changed: the error summary if the
  // form was refused, otherwise the message that says what was done. Both get tabindex="-1"
  // so focus lands on them without adding them to the tab order.
  function focusOutcome(target) {
    if (!target) { return; }
    target.dataset.focused = "true";
    if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
    target.focus();
  }
  if (!document.querySelector("[autofocus]")) {
    focusOutcome(document.querySelector(".error-summary") || document.querySelector("#messages .alert"));
  }

  // htmx swaps a refused form in place: focus its new summary the same way.
  document.body.addEventListener("htmx:afterSettle", function () {
    focusOutcome(document.querySelector(".error-summary:not([data-focused])"));
  });
})();
