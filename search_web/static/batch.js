// The batch job page: follow the job's progress from its JSON, reload when it has ended.
(function () {
  "use strict";
  var section = document.getElementById("batch-job");
  if (!section) { return; }
  var status = section.getAttribute("data-status");
  if (status !== "queued" && status !== "running") { return; }
  var api = section.getAttribute("data-api");
  function poll() {
    fetch(api, {headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (job) {
        document.getElementById("progress").value = job.done;
        document.getElementById("done").textContent = job.done;
        document.getElementById("status").textContent = job.status_label;
        document.getElementById("eta").textContent =
          job.eta_seconds === null ? "" : "约 " + Math.round(job.eta_seconds) + " 秒后完成";
        if (job.status === "done" || job.status === "failed") {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
