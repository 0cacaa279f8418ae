/*
 * The page of a bulk invitation while the worker runs: reloads it every 3 seconds to show the progress,
 * and stops once the lot is done (the server no longer marks the page). A same-origin script (CSP 'self').
 */
(function () {
  "use strict";
  var marque = document.querySelector("[data-lot-en-cours]");
  if (marque) {
    window.setTimeout(function () { window.location.reload(); }, 3000);
  }
})();
