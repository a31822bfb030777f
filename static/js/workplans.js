// Work plans: progressive enhancement only.
(function () {
  "use strict";

  // Show deadlines in the reader's own time zone as well as the group's.
  function showLocalTimes(root) {
    root.querySelectorAll("[data-local-time]").forEach(function (element) {
      var moment = new Date(element.getAttribute("data-local-time"));
      if (isNaN(moment.getTime()) || element.dataset.done) {
        return;
      }
      var formatted;
      try {
        formatted = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
          dateStyle: "long",
          timeStyle: "long"
        }).format(moment);
      } catch (error) {
        formatted = moment.toString();
      }
      element.textContent = (element.getAttribute("data-label") || "") + " " + formatted;
      element.dataset.done = "1";
    });
  }

  // The proposed-text box matters only for amendments and new paragraphs.
  function syncKind(form) {
    var kind = form.querySelector("select[name='kind']");
    var text = form.querySelector("textarea[name='proposed_text']");
    var proposed = text && (text.closest(".mb-3") || text.parentElement);
    var current = document.querySelector("[data-current-text]");
    if (!kind || !proposed) {
      return;
    }
    var wanted = kind.value === "amendment" || kind.value === "new_paragraph";
    proposed.hidden = !wanted;
    if (kind.value === "amendment" && text && !text.value && current) {
      text.value = current.getAttribute("data-current-text");
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.comment-form").forEach(function (form) {
      syncKind(form);
      form.addEventListener("change", function (event) {
        if (event.target.name === "kind") {
          syncKind(form);
        }
      });
    });
    showLocalTimes(document);
  });
  document.body.addEventListener("htmx:afterSwap", function (event) {
    showLocalTimes(event.target);
  });
})();
