// Links the web app manifest before anything else runs, so that Chromium reads the right one
// from the start (swapping the link later was picked up only sometimes): opened at #kiosk, the
// page offers the kiosk app (full screen, starting in the kiosk view) for installing instead of
// the windowed one. A classic script in public/, so it runs as the <head> is parsed.
(function () {
  var kiosk = location.hash.replace(/^#/, '').split('?')[0] === 'kiosk';
  var link = document.createElement('link');
  link.rel = 'manifest';
  link.href = kiosk ? './kiosk.webmanifest' : './manifest.webmanifest';
  document.head.appendChild(link);
})();
