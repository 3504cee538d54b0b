// Runs themes/default/search.js as a browser would (a classic script, no `module`) against a
// minimal fake DOM, types a query into the form and prints what the results list shows:
//   node tests/js/ui.mjs INDEX_DIR "query"   →  {"shown": bool, "status": "...", "items": [...]}
import { readFileSync } from "node:fs";
import { join } from "node:path";
import vm from "node:vm";

const [dir, query] = process.argv.slice(2);

class El {
  constructor(tag) {
    this.tag = tag;
    this.children = [];
    this.attrs = {};
    this.listeners = {};
    this.textContent = "";
    this.hidden = false;
  }
  getAttribute(n) { return n in this.attrs ? this.attrs[n] : null; }
  setAttribute(n, v) { this.attrs[n] = String(v); }
  appendChild(c) { this.children.push(c); return c; }
  addEventListener(type, fn) { (this.listeners[type] ||= []).push(fn); }
  dispatch(type) { (this.listeners[type] || []).forEach((fn) => fn({ preventDefault() {} })); }
  set textContent(v) { this._text = v; if (v === "") this.children = []; }
  get textContent() { return this._text; }
}

const form = new El("form");
form.hidden = true;
Object.assign(form.attrs, { "data-index": "search/index.json", "data-root": "../", "data-site": "h83001" });
const q = new El("input");
q.type = "search";
q.value = query;
const free = new El("input");
free.type = "checkbox";
free.checked = false;
form.elements = { q, free };
const results = new El("ol");
const status = new El("p");

const document = {
  readyState: "complete",
  querySelectorAll: (sel) => (sel === "form[data-search]" ? [form] : []),
  querySelector: (sel) => (sel === "[data-search-results]" ? results : sel === "[data-search-status]" ? status : null),
  createElement: (tag) => new El(tag),
  addEventListener() {},
};
const fetched = [];
const fetch = async (url) => {
  fetched.push(url);
  const text = readFileSync(join(dir, url.replace(/^search\//, "")), "utf8");
  return { ok: true, status: 200, json: async () => JSON.parse(text), text: async () => text };
};
const context = { document, fetch, setTimeout, clearTimeout, console, atob, Promise, Map, Set, Array, Object, RegExp, Math, Date, JSON };
context.window = context;
vm.createContext(context);
vm.runInContext(readFileSync(new URL("../../themes/default/search.js", import.meta.url), "utf8"), context);

form.dispatch("submit");
await new Promise((r) => setTimeout(r, 200));
const items = results.children.map((li) => ({
  name: li.children[0].textContent,
  href: li.children[0].href,
  summary: li.children[1].textContent,
  meta: li.children[2] ? li.children[2].textContent : "",
}));
process.stdout.write(JSON.stringify({ shown: !form.hidden, status: status.textContent, items, fetched }));
