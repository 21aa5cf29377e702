// Trellis enhances pages that already work without this file: plain forms and reloads stay the baseline.
"use strict";

(function () {
  // Forming communities: a move is sent in the background and the proposal (scores, reasons, broken
  // constraints) is swapped in place, so the facilitator watches the score change without a reload.
  // Leaders can also be dragged from one community to another; the drop submits the same move form.
  function enhanceFormation() {
    var proposal = document.getElementById("proposal");
    var status = document.getElementById("formation-status");
    if (!proposal || !status) return;

    function prepare() {
      proposal.querySelectorAll("li[data-person]").forEach(function (item) {
        item.draggable = true;
      });
    }

    function move(form) {
      var item = form.closest("li[data-person]");
      var person = item ? item.dataset.person : "";
      var name = item && item.querySelector("strong") ? item.querySelector("strong").textContent : "The leader";
      var select = form.querySelector("select");
      var target = select && select.selectedIndex >= 0 ? select.options[select.selectedIndex].text : "";
      proposal.setAttribute("aria-busy", "true");
      fetch(form.action, {
        method: "POST",
        body: new URLSearchParams(new FormData(form)),
        credentials: "same-origin",
        headers: { Accept: "text/html" },
      })
        .then(function (response) {
          return response.text();
        })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("proposal");
          if (!fresh) {
            form.submit();
            return;
          }
          proposal.innerHTML = fresh.innerHTML;
          prepare();
          var score = document.getElementById("formation-score");
          status.textContent = name + " moved to " + target + ". " + (score ? score.textContent : "");
          var moved = proposal.querySelector('li[data-person="' + person + '"] select');
          if (moved) moved.focus();
        })
        .catch(function () {
          form.submit();
        })
        .finally(function () {
          proposal.removeAttribute("aria-busy");
        });
    }

    proposal.addEventListener("submit", function (event) {
      if (!event.target.classList.contains("move")) return;
      event.preventDefault();
      move(event.target);
    });

    proposal.addEventListener("dragstart", function (event) {
      var item = event.target.closest && event.target.closest("li[data-person]");
      if (!item) return;
      event.dataTransfer.setData("text/plain", item.dataset.person);
      event.dataTransfer.effectAllowed = "move";
      item.classList.add("dragging");
    });

    proposal.addEventListener("dragend", function (event) {
      var item = event.target.closest && event.target.closest("li[data-person]");
      if (item) item.classList.remove("dragging");
    });

    function cardFor(event) {
      return event.target.closest ? event.target.closest("article[data-community]") : null;
    }

    proposal.addEventListener("dragover", function (event) {
      var card = cardFor(event);
      if (!card) return;
      event.preventDefault();
      card.classList.add("drop-target");
    });

    proposal.addEventListener("dragleave", function (event) {
      var card = cardFor(event);
      if (card && !card.contains(event.relatedTarget)) card.classList.remove("drop-target");
    });

    proposal.addEventListener("drop", function (event) {
      var card = cardFor(event);
      if (!card) return;
      event.preventDefault();
      card.classList.remove("drop-target");
      var person = event.dataTransfer.getData("text/plain");
      var item = proposal.querySelector('li[data-person="' + person + '"]');
      if (!item || card.contains(item)) return;
      var form = item.querySelector("form.move");
      var select = form && form.querySelector("select");
      if (!select) return;
      select.value = card.dataset.community;
      move(form);
    });

    prepare();
  }

  document.addEventListener("DOMContentLoaded", enhanceFormation);
})();
