// Score sheet: saves a draft as the judge types (the "Lưu nháp" button works without it).
(function () {
  "use strict";
  var form = document.getElementById("sheet-form");
  if (!form || !window.fetch || form.querySelector("fieldset[disabled]")) { return; }
  var url = form.getAttribute("data-autosave");
  var status = document.getElementById("autosave-status");
  var total = document.getElementById("sheet-total");
  var version = form.querySelector('input[name="version"]');
  var csrf = form.querySelector('input[name="csrf_token"]');
  var timer = null, saving = false, again = false, blocked = false;
  var dirty = {};  // the fields typed in since the last save: only they are sent
  var RETRY_MS = 10000;  // after a 503 (the server is busy), try again this much later

  // The version the page loaded and only the changed fields: the server keeps every field
  // a save does not carry, and refuses a save without a version.
  function changes() {
    var body = new FormData(), current = new FormData(form);
    if (csrf) { body.append("csrf_token", csrf.value); }
    body.append("version", version.value);
    Object.keys(dirty).forEach(function (name) { body.append(name, current.get(name) || ""); });
    return body;
  }

  function say(text) { status.textContent = text; }

  function markErrors(errors) {
    form.querySelectorAll(".score-input").forEach(function (input) {
      var messages = errors[input.name];
      input.classList.toggle("is-invalid", !!messages);
      var box = document.getElementById(input.id + "-error");
      if (box) { box.textContent = messages ? messages.join(" ") : ""; }
    });
  }

  function save() {
    if (blocked) { return; }
    if (saving) { again = true; return; }
    saving = true;
    var body = changes(), sent = dirty;
    dirty = {};
    say(form.getAttribute("data-saving"));
    function resend() { Object.keys(sent).forEach(function (name) { dirty[name] = true; }); }
    fetch(url, { method: "POST", body: body, headers: { "Accept": "application/json" },
                 credentials: "same-origin" })
      .then(function (response) { return response.json().then(function (body) { return [response.status, body]; }); })
      .then(function (result) {
        var code = result[0], body = result[1];
        if (body.ok) {
          version.value = body.version;
          total.textContent = body.total.replace(".", ",").replace(/,00$/, "").replace(/(,\d)0$/, "$1");
          markErrors({});
          say(form.getAttribute("data-saved") + " " + new Date().toLocaleTimeString(document.documentElement.lang, { hour: "2-digit", minute: "2-digit" }));
        } else if (body.retry) {
          // A part of the server is down (503): the draft stays in the page and is sent again.
          resend();
          say(body.message);
          clearTimeout(timer);
          timer = setTimeout(save, RETRY_MS);
        } else if (code === 409) {
          blocked = true;
          say(body.message);
          status.classList.add("text-danger");
        } else {
          resend();
          markErrors(body.errors || {});
          say(body.message || form.getAttribute("data-invalid"));
        }
      })
      .catch(function () { resend(); say(form.getAttribute("data-offline")); })
      .finally(function () { saving = false; if (again) { again = false; save(); } });
  }

  form.addEventListener("input", function (event) {
    if (!event.target.name) { return; }
    dirty[event.target.name] = true;
    clearTimeout(timer);
    timer = setTimeout(save, 800);
  });
})();
