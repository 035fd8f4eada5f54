// Marks a video as watched once 90% of it has played, by sending the page's own
// "I have watched it" form in the background. Without JavaScript the button does the same.
(function () {
  "use strict";
  document.querySelectorAll("video[data-complete-form]").forEach(function (video) {
    var form = document.getElementById(video.dataset.completeForm);
    var threshold = parseFloat(video.dataset.completeAt || "0.9");
    var sent = false;
    if (!form) { return; }
    video.addEventListener("timeupdate", function () {
      if (sent || !video.duration || video.currentTime / video.duration < threshold) { return; }
      sent = true;
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        redirect: "manual"
      }).then(function (response) {
        // The view answers a completion with a redirect (opaque here); anything else, such
        // as a 403 after the session ended, leaves the button for the teacher to press.
        if (response.type !== "opaqueredirect" && !response.ok) { sent = false; return; }
        var button = form.querySelector("button");
        if (button) {
          button.disabled = true;
          button.textContent = button.dataset.doneText || button.textContent;
        }
      }).catch(function () { sent = false; });
    });
  });
})();
