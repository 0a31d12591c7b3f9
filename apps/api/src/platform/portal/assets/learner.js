// Mahir learner pages: video resume and progress. The lesson works without this file (the video plays; progress is not kept).
(function () {
  'use strict';
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content;
  var uuid = function () {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, function (c) {
      var r = (Math.random() * 16) | 0;
      return (c === 'x' ? r : (r & 0x3) | 0x8).toString(16);
    });
  };

  Array.prototype.forEach.call(document.querySelectorAll('video[data-progress]'), function (video) {
    var url = video.getAttribute('data-progress');
    var lessonId = video.getAttribute('data-lesson');
    var start = parseFloat(video.getAttribute('data-position'));
    var active = video.getAttribute('data-active') === 'true';
    var lastSent = 0;
    var watchedSince = Date.now();

    // Resume where the learner left off, on this or another device.
    video.addEventListener('loadedmetadata', function () {
      if (start > 0 && start < video.duration - 2) video.currentTime = start;
    });

    var send = function (useBeacon) {
      if (!active || !video.duration) return;
      var now = Date.now();
      var event = {
        id: uuid(),
        lessonId: lessonId,
        position: Math.round(video.currentTime * 10) / 10,
        percent: Math.min(100, Math.floor((video.currentTime / video.duration) * 100)),
        secondsSpent: Math.min(3600, Math.round((now - watchedSince) / 1000))
      };
      watchedSince = now;
      lastSent = now;
      var body = JSON.stringify({ events: [event] });
      if (window.fetch) {
        window.fetch(url, {
          method: 'POST', credentials: 'same-origin', keepalive: !!useBeacon,
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf || '' }, body: body
        }).catch(function () { /* offline: the next report carries the position */ });
      }
    };

    video.addEventListener('play', function () { watchedSince = Date.now(); });
    video.addEventListener('timeupdate', function () { if (!video.paused && Date.now() - lastSent > 15000) send(false); });
    video.addEventListener('pause', function () { send(false); });
    video.addEventListener('ended', function () { send(false); });
    document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'hidden' && !video.paused) send(true); });
  });
})();
