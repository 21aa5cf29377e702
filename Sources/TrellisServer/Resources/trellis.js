// Trellis enhances pages that already work without this file: plain forms and reloads stay the baseline.
"use strict";

(function () {
  // Sends a form in the background and hands the page the server answered with (after any redirect)
  // to `apply`, which returns false when that page is not what it expected; then, or if the network
  // fails, the form is submitted the ordinary way.
  function postInBackground(form, apply) {
    return fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      credentials: "same-origin",
      headers: { Accept: "text/html" },
    })
      .then(function (response) {
        return response.text();
      })
      .then(function (html) {
        if (!apply(new DOMParser().parseFromString(html, "text/html"))) form.submit();
      })
      .catch(function () {
        form.submit();
      });
  }

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
      postInBackground(form, function (page) {
        var fresh = page.getElementById("proposal");
        if (!fresh) return false;
        proposal.innerHTML = fresh.innerHTML;
        prepare();
        var score = document.getElementById("formation-score");
        status.textContent = name + " moved to " + target + ". " + (score ? score.textContent : "");
        var moved = proposal.querySelector('li[data-person="' + person + '"] select');
        if (moved) moved.focus();
        return true;
      }).finally(function () {
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

  // The root-cause board: a live connection says when anyone changed the board, and the page fetches
  // its own fresh copy (rendered by the server for this viewer, so hidden notes stay hidden). Forms
  // post in the background. A dropped connection reconnects and catches up.
  function enhanceBoard() {
    var board = document.getElementById("board");
    var status = document.getElementById("board-status");
    if (!board || !status || !window.WebSocket || !window.fetch) return;
    var sequence = Number(board.dataset.sequence || 0);
    var busy = false;
    var pending = false;
    // While this person's own change is being saved, news of changes waits: the saved page carries them.
    var posting = false;
    var latest = 0;
    var missed = false;

    // Every control on the board has an id, so the focus stays on the same control (or the same
    // note's control in its new bucket) when the board is replaced; `focusID` overrides it.
    function swap(page, keepDraft, message, focusID) {
      var fresh = page.getElementById("board");
      if (!fresh) return false;
      var focused = focusID || (document.activeElement && document.activeElement.id);
      // Someone else's change must not undo what this person was in the middle of: the words typed
      // and the choices made in menus and fields stay as they were.
      var kept = {};
      if (keepDraft) {
        board.querySelectorAll("textarea[id], select[id], input[id]:not([type=hidden])").forEach(function (field) {
          kept[field.id] = field.value;
        });
      }
      // A locked board pauses adding notes; a note someone was typing keeps its box all the same.
      var typing = board.querySelector("form.add-note");
      var typed = typing && typing.querySelector("textarea");
      board.innerHTML = fresh.innerHTML;
      var paused = document.getElementById("add-paused");
      if (paused && typed && typed.value.trim() !== "") paused.replaceWith(typing);
      sequence = Number(fresh.dataset.sequence || sequence);
      board.dataset.sequence = String(sequence);
      Object.keys(kept).forEach(function (id) {
        var field = document.getElementById(id);
        if (!field) return;
        if (field.tagName === "SELECT" && !field.querySelector('option[value="' + CSS.escape(kept[id]) + '"]')) return;
        field.value = kept[id];
      });
      var target = focused && document.getElementById(focused);
      if (target) target.focus();
      if (message) status.textContent = message;
      return true;
    }

    function refresh(message) {
      if (busy) {
        pending = true;
        return;
      }
      busy = true;
      fetch(location.pathname, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (response) {
          return response.text();
        })
        .then(function (html) {
          var page = new DOMParser().parseFromString(html, "text/html");
          var fresh = page.getElementById("board");
          // a copy fetched before one's own change was saved must not replace the newer board
          if (fresh && Number(fresh.dataset.sequence || 0) < sequence) return;
          swap(page, true, message);
        })
        .catch(function () {})
        .finally(function () {
          busy = false;
          if (pending) {
            pending = false;
            refresh(message);
          }
        });
    }

    function connect(delay) {
      var socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + board.dataset.live);
      socket.onopen = function () {
        delay = 500;
      };
      socket.onmessage = function (message) {
        var data = JSON.parse(message.data);
        if (data.type === "event") latest = Math.max(latest, data.event.sequence);
        if (posting) {
          // news that is not a numbered change (the timer) is fetched once one's own change is saved
          missed = missed || data.type === "timer";
          return;
        }
        if (data.type === "hello" && data.sequence !== sequence) refresh("The board caught up.");
        if (data.type === "event" && data.event.sequence > sequence) refresh("The board changed.");
        if (data.type === "timer") refresh("The facilitator set the timer.");
      };
      socket.onclose = function () {
        setTimeout(function () {
          connect(Math.min(delay * 2, 10000));
        }, delay);
      };
    }

    board.addEventListener("submit", function (event) {
      var form = event.target;
      event.preventDefault();
      if (posting) return; // one change at a time: a second press while saving is not a second note
      var op = form.querySelector('input[name="op"]');
      var note = form.querySelector('input[name="note"]');
      var menu = form.querySelector('select[name="bucket"]');
      var heading = form.closest("section.bucket") && form.closest("section.bucket").querySelector("h2");
      var focusID = null;
      var message = "Saved.";
      if (op && op.value === "add") {
        focusID = "text";
        message = "Note added.";
      } else if (op && op.value === "move" && note) {
        focusID = "move-" + note.value;
        message = "Note moved to " + menu.options[menu.selectedIndex].text + ".";
      } else if (op && op.value === "delete") {
        var button = form.querySelector("button");
        var label = (button && button.getAttribute("aria-label")) || "Delete this note";
        if (!window.confirm(label + "? Questions that grew from it lose the link.")) return;
        focusID = heading ? heading.id : "text";
        message = "Note deleted.";
      } else if (op) {
        message = {
          lock: "The board is locked: nobody can change it until you unlock it.",
          unlock: "The board is unlocked.",
          private: "Private writing started: new notes stay hidden until you reveal them.",
          reveal: "Every hidden note is now shown.",
          timer: "Timer set.",
        }[op.value] || message;
      }
      posting = true;
      postInBackground(form, function (page) {
        posting = false;
        // a refusal (locked board, empty note) comes back with its message, and keeps what was typed
        var problems = page.querySelector("#board .error-summary li");
        // What was typed or chosen elsewhere on the board stays; only a saved note's own box is emptied.
        var added = !problems && op && op.value === "add";
        var swapped = swap(page, !added, problems ? problems.textContent : message, problems && op && op.value === "add" ? "text" : focusID);
        if (latest > sequence || missed) refresh("The board changed.");
        missed = false;
        return swapped;
      }).finally(function () {
        posting = false;
      });
    });

    // Notes can be dragged to another bucket: the drop sets the note's own Move menu and sends its
    // form, so a drag is the same change as choosing from the menu (which stays for the keyboard).
    board.addEventListener("dragstart", function (event) {
      var note = event.target.closest && event.target.closest('li.note[draggable="true"]');
      if (!note) return;
      event.dataTransfer.setData("text/plain", note.dataset.note);
      event.dataTransfer.effectAllowed = "move";
    });
    board.addEventListener("dragover", function (event) {
      var bucket = event.target.closest && event.target.closest("section.bucket");
      if (!bucket) return;
      event.preventDefault();
      bucket.classList.add("drop-target");
    });
    board.addEventListener("dragleave", function (event) {
      var bucket = event.target.closest && event.target.closest("section.bucket");
      if (bucket && !bucket.contains(event.relatedTarget)) bucket.classList.remove("drop-target");
    });
    board.addEventListener("drop", function (event) {
      var bucket = event.target.closest && event.target.closest("section.bucket");
      if (!bucket) return;
      event.preventDefault();
      bucket.classList.remove("drop-target");
      var id = event.dataTransfer.getData("text/plain");
      var note = board.querySelector('li.note[data-note="' + CSS.escape(id) + '"]');
      if (!note || bucket.contains(note)) return;
      var menu = note.querySelector('select[name="bucket"]');
      if (!menu || !menu.querySelector('option[value="' + CSS.escape(bucket.dataset.bucket) + '"]')) return;
      menu.value = bucket.dataset.bucket;
      menu.form.requestSubmit();
    });

    // The timer counts down where it stands and says when the time is up, without a reload.
    setInterval(function () {
      var timer = document.getElementById("board-timer-left");
      var shown = timer && timer.querySelector(".countdown");
      var spoken = timer && timer.querySelector('[role="status"]');
      if (!shown || !spoken || !timer.dataset.timerEnds) return;
      var left = Math.round((Date.parse(timer.dataset.timerEnds) - Date.now()) / 1000);
      if (left <= 0) {
        shown.textContent = "Time is up.";
        if (spoken.textContent !== "Time is up.") spoken.textContent = "Time is up.";
        return;
      }
      var minutes = Math.floor(left / 60);
      shown.textContent = "Timer: " + minutes + ":" + String(left % 60).padStart(2, "0") + " left (until " + timer.dataset.until + ")";
      if (left % 60 === 0) spoken.textContent = minutes + (minutes === 1 ? " minute" : " minutes") + " left.";
    }, 1000);

    connect(500);
  }

  // The agenda editor: an item dragged onto another takes its place. It sends the same form the Up
  // and Down buttons send, with the place to go to; without the script, those buttons do it.
  // Lists reordered by dragging (an agenda's items, a playlist's): the drop sends the list's own
  // move form (`move` from one place `to` another); the buttons beside each item do the same without it.
  function enhanceDragLists() {
    var token = document.querySelector('input[name="csrf"]');
    if (!token) return;
    document.querySelectorAll("ol.agenda-editor[data-action], ol.playlist-editor[data-action]").forEach(enhanceDragList);

    function enhanceDragList(list) {
      var from = null;
      list.addEventListener("dragstart", function (event) {
        var item = event.target.closest && event.target.closest("li[data-index]");
        if (!item) return;
        from = item.dataset.index;
        event.dataTransfer.setData("text/plain", from);
        event.dataTransfer.effectAllowed = "move";
      });
      list.addEventListener("dragover", function (event) {
        if (event.target.closest && event.target.closest("li[data-index]")) event.preventDefault();
      });
      list.addEventListener("drop", function (event) {
        var item = event.target.closest && event.target.closest("li[data-index]");
        if (!item || from === null || item.dataset.index === from) return;
        event.preventDefault();
        var form = document.createElement("form");
        form.method = "post";
        form.action = list.dataset.action;
        var fields = [["csrf", token.value], ["move", from], ["to", item.dataset.index]];
        if (list.dataset.op) fields.push(["action", list.dataset.op]);
        fields.forEach(function (pair) {
          var input = document.createElement("input");
          input.type = "hidden";
          input.name = pair[0];
          input.value = pair[1];
          form.appendChild(input);
        });
        document.body.appendChild(form);
        form.submit();
      });
    }
  }

  document.addEventListener("DOMContentLoaded", enhanceDragLists);
  document.addEventListener("DOMContentLoaded", enhanceFormation);
  document.addEventListener("DOMContentLoaded", enhanceBoard);
})();
