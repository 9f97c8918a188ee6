// Follows an analysis run on its page: polls the run's progress (JSON) and updates the bar, the stage and
// the status; reloads the page once the run has finished, to show its summary or its error.
// Without JavaScript the page shows the same state and a link to refresh it.
(function () {
  "use strict";
  var section = document.getElementById("run-progress");
  if (!section || section.dataset.finished === "true") {
    return;
  }
  var url = section.dataset.progressUrl;
  var bar = section.querySelector("progress");
  var percent = section.querySelector("[data-run-percent]");
  var stage = section.querySelector("[data-run-stage]");
  var status = section.querySelector("[data-run-status]");
  var delay = 1500;

  function show(state) {
    bar.value = state.progress;
    bar.textContent = state.progress + " %";
    percent.textContent = state.progress;
    stage.textContent = state.stage_label;
    status.textContent = state.status_label;
  }

  function poll() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (state) {
        show(state);
        if (state.finished || state.status === "interrupted") {
          window.location.reload();
          return;
        }
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        delay = Math.min(delay * 2, 30000);  // the server is busy or restarting: ask less often
        window.setTimeout(poll, delay);
      });
  }

  window.setTimeout(poll, delay);
})();
