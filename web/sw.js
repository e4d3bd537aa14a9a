// Keeps the page's files so it works offline once loaded: on install the
// files are fetched into a cache named for this build (scripts/build-web
// writes the name: a digest of the files), older caches are dropped when it
// takes over, and every request is answered from the cache first.
const CACHE = "vita-BUILD";
const FILES = ["./", "index.html", "app.js", "style.css", "vita_web.js", "vita_web_bg.wasm", "example.ron"];

self.addEventListener("install", (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
});
self.addEventListener("activate", (e) => {
  e.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => n.startsWith("vita-") && n !== CACHE).map((n) => caches.delete(n))))
    .then(() => self.clients.claim()));
});
self.addEventListener("fetch", (e) => {
  if (e.request.method !== "GET" || new URL(e.request.url).origin !== location.origin) return;
  e.respondWith(caches.open(CACHE).then((c) => c.match(e.request, { ignoreSearch: true })).then((hit) => hit ?? fetch(e.request)));
});
