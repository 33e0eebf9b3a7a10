// mkdocs-material's start-up script, which it writes inline into every page. As a file it runs
// under the backend's Content-Security-Policy (no inline scripts). The scope is the handbook's
// root, two folders up from this file (assets/handbook/scope.js).
var __md_scope = new URL("../../", document.currentScript.src);
var __md_hash = function (e) { return [...e].reduce(function (e, _) { return (e << 5) - e + _.charCodeAt(0); }, 0); };
var __md_get = function (e, _, t) {
  _ = _ || localStorage; t = t || __md_scope;
  return JSON.parse(_.getItem(t.pathname + "." + e));
};
var __md_set = function (e, _, t, a) {
  t = t || localStorage; a = a || __md_scope;
  try { t.setItem(a.pathname + "." + e, JSON.stringify(_)); } catch (err) { /* storage full or off */ }
};
