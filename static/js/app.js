// Site-wide behaviour. No inline scripts: the Content-Security-Policy forbids them.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="csrf-token"]');
  var token = meta ? meta.getAttribute("content") : null;

  // Every same-origin fetch that changes state carries the CSRF token in a header.
  if (window.fetch && token) {
    var originalFetch = window.fetch;
    window.fetch = function (resource, init) {
      init = init || {};
      var method = (init.method || "GET").toUpperCase();
      var url = new URL(typeof resource === "string" ? resource : resource.url, window.location.href);
      if (url.origin === window.location.origin && ["GET", "HEAD", "OPTIONS"].indexOf(method) === -1) {
        var headers = new Headers(init.headers || {});
        if (!headers.has("X-CSRFToken")) { headers.set("X-CSRFToken", token); }
        init.headers = headers;
      }
      return originalFetch(resource, init);
    };
  }

  // Forms that ask before doing something consequential: <form data-confirm="...">.
  // A submit button may ask on its own: <button data-confirm="..."> (e.g. "finalise").
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var message = (button && button.getAttribute("data-confirm")) ||
      (event.target.getAttribute && event.target.getAttribute("data-confirm"));
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });
})();

// Print buttons: <button data-print>.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-print]");
  if (button) { window.print(); }
});

// File inputs with data-max-bytes: a file above the limit is refused before the form is sent,
// so that what was typed in the same form stays on the page (the server would answer 413).
document.addEventListener("submit", function (event) {
  if (event.defaultPrevented) { return; }
  var inputs = event.target.querySelectorAll ? event.target.querySelectorAll("input[type=file][data-max-bytes]") : [];
  Array.prototype.forEach.call(inputs, function (input) {
    var limit = parseInt(input.getAttribute("data-max-bytes"), 10);
    var file = input.files && input.files[0];
    var feedback = document.getElementById(input.id + "-too-big");
    input.classList.remove("is-invalid");
    if (feedback) { feedback.textContent = ""; }
    if (!file || !(file.size > limit) || event.defaultPrevented) { return; }
    event.preventDefault();
    input.classList.add("is-invalid");
    if (feedback) { feedback.textContent = input.getAttribute("data-too-big").replace("{name}", file.name); }
    input.focus();
  });
});
