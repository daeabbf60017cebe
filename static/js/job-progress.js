// The job page's progress bar: polls the job's JSON every 1.5 s and updates the bar, the
// count, the message and, once the job is done or failed, its result link or error.
// Without JS the page refreshes itself (a <noscript> meta refresh) while the job runs.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || box.getAttribute("data-finished") === "true" || !window.fetch) { return; }
  var url = box.getAttribute("data-job-url");
  var bar = document.getElementById("job-progress");
  var state = document.getElementById("job-state");
  var count = document.getElementById("job-count");
  var message = document.getElementById("job-message");
  var outcome = document.getElementById("job-outcome");
  var stopped = document.getElementById("job-stopped");
  var timer = null;

  function show(job) {
    if (job.total !== null) {
      bar.max = Math.max(job.total, 1);
      bar.value = job.done;
    }
    bar.textContent = job.done + "/" + (job.total === null ? "?" : job.total);
    count.textContent = bar.textContent;
    if (state.getAttribute("data-state") !== job.state) {
      state.textContent = job.state_name;
      state.setAttribute("data-state", job.state);
    }
    if (message.textContent !== (job.message || "")) { message.textContent = job.message || ""; }
    stopped.hidden = !job.stopped;
    if (!job.finished) { return; }
    window.clearInterval(timer);
    box.setAttribute("data-finished", "true");
    outcome.textContent = "";
    if (job.result_url) {
      var link = document.createElement("a");
      link.className = "btn btn-primary";
      link.id = "job-result";
      link.href = job.result_url;
      link.textContent = job.result_text;
      outcome.appendChild(link);
    }
    if (job.error) {
      var error = document.createElement("div");
      error.className = "alert alert-danger mb-0";
      error.id = "job-error";
      error.textContent = job.error;
      outcome.appendChild(error);
    }
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) { if (job) { show(job); } })
      .catch(function () { /* the next poll tries again */ });
  }

  timer = window.setInterval(poll, 1500);
  poll();
}());
