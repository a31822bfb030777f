// Agenda: drag items with a mouse as a shortcut; the Up/Down buttons remain the keyboard way.
(function () {
  "use strict";
  var dragged = null;

  document.addEventListener("dragstart", function (event) {
    var item = event.target.closest && event.target.closest(".agenda-item");
    if (!item) { return; }
    dragged = item;
    item.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
  });

  document.addEventListener("dragover", function (event) {
    var over = event.target.closest && event.target.closest(".agenda-item");
    if (!dragged || !over || over === dragged) { return; }
    event.preventDefault();
    var box = over.getBoundingClientRect();
    var after = event.clientY > box.top + box.height / 2;
    over.parentNode.insertBefore(dragged, after ? over.nextSibling : over);
  });

  document.addEventListener("dragend", function () {
    if (!dragged) { return; }
    var list = dragged.closest("#agenda-list");
    dragged.classList.remove("dragging");
    dragged = null;
    if (!list || !window.htmx) { return; }
    var values = { item: [] };
    list.querySelectorAll(".agenda-item").forEach(function (item) { values.item.push(item.dataset.itemId); });
    window.htmx.ajax("POST", list.dataset.reorderUrl, { target: "#agenda-list", swap: "outerHTML", values: values });
  });
})();
