// Runs the listing builder of themes/default/add.js (the "Add your group" page) in Node, as
// the page would after reading its form:
//   node tests/js/add.mjs MODELINE < drafts.json  →  [{"slug": "...", "yaml": "...", "problems": {...}}]
// Each draft gives the form's answers; fields it leaves out are empty, as in an empty form.
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const here = dirname(fileURLToPath(import.meta.url));
const source = readFileSync(join(here, "..", "..", "themes", "default", "add.js"), "utf8");
const module = { exports: {} };
vm.runInNewContext(source, { module });
const { toYaml, problems, slug } = module.exports;

const empty = {
  name: "", summary: "", description: "", organisation: "", needs: [], days: [], start: "", end: "",
  venue: "", address: "", postcode: "", cost: undefined, amount: "", per: "session", joining: "self",
  email: "", phone: "", website: "", maintainer: "", reviewed: "",
};
const modeline = process.argv[2];
const drafts = JSON.parse(readFileSync(0, "utf8"));
const out = drafts.map((answers) => {
  const d = { ...empty, ...answers };
  // The page trims every answer, as here.
  for (const k of Object.keys(d)) if (typeof d[k] === "string") d[k] = d[k].trim();
  return { slug: slug(d.name), yaml: toYaml(d, modeline), problems: problems(d) };
});
process.stdout.write(JSON.stringify(out));
