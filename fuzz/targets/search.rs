//! The search query analysis: Rust's `signpost::analysis` (what the tantivy engine and the
//! static index use) and the browser client's (`themes/default/search.js`, readable and as the
//! build minifies it), run in Node, must agree on every input, as `tests/it/search_js.rs`
//! checks for a word list. The input is a query; when it holds a tab, the two sides of the
//! first tab are also compared for one typo (`within_one_edit` and `oneEdit`).
//!
//! Properties: the same words, terms, analysed query (words, typo flags, concepts with their
//! factors and the words they cover) and one-typo answer from both, except for text with a
//! character that the Node in use has not assigned (browsers differ there too); the Rust
//! analysis is well formed (words of letters and digits, no repeated query term, concepts
//! sorted, covers pointing at query words, one typo symmetric). Without Node only the Rust
//! side runs, with a note; under `CI` that is a failure.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::{Mutex, OnceLock};

use serde_json::{Value, json};
use signpost::analysis::{self, Synonyms};

/// Pieces of queries: words with synonyms, stop words, typos, letters the folding table and
/// the Unicode tables treat specially.
pub const TOKENS: &[&str] = &[
    " ",
    "\t",
    "-",
    "'",
    "’",
    "lonely",
    "lonley",
    "skint",
    "walking",
    "knitting",
    "bereavment",
    "the",
    "and",
    "somali",
    "speaking",
    "weekend",
    "toddler",
    "men's",
    "é",
    "e\u{301}",
    "İ",
    "ı",
    "ß",
    "ẞ",
    "Σ",
    "ς",
    "ǅ",
    "ŉ",
    "ﬁ",
    "Å",
    "Ω",
    "K",
    "ſ",
    "æ",
    "ĳ",
    "أ",
    "ة",
    "ـ",
    "\u{64b}",
    "\u{200c}",
    "\u{200d}",
    "٣",
    "²",
    "Ⅻ",
    "𝒜",
    "😀",
    "\u{fe0f}",
    "\u{e000}",
    "中文",
    "ㄱ",
];

/// Runs one input (see the module comment).
pub fn run(data: &[u8]) {
    let text = super::text(data);
    let pair = text.split_once('\t');
    let rust = rust_side(&text, pair);
    if let Some(js) = node_side(&text, pair) {
        compare(&text, &rust, &js);
    }
}

/// The synonyms of the bundled vocabularies, as search_js.rs builds them.
fn synonyms() -> &'static Synonyms {
    static SYNONYMS: OnceLock<Synonyms> = OnceLock::new();
    SYNONYMS.get_or_init(|| {
        Synonyms::build(
            &signpost::vocab::Vocabularies::builtin(),
            ["so", "pl", "ar", "en"],
        )
    })
}

/// The Rust analysis, checked for shape, as the JSON the Node side answers with.
fn rust_side(text: &str, pair: Option<(&str, &str)>) -> Value {
    let words = analysis::words(text);
    for w in &words {
        assert!(
            !w.is_empty() && w.chars().all(char::is_alphanumeric),
            "word {w:?} of {text:?}"
        );
    }
    let terms = analysis::terms(text);
    let reading = analysis::Reading {
        lang: analysis::Lang::of(None),
        typing: false,
        known: &|_| false,
        keep: &|_| true,
    };
    let q = analysis::query(text, synonyms(), &reading);
    for (i, w) in q.words.iter().enumerate() {
        assert!(
            q.words[..i].iter().all(|o| o.term != w.term),
            "{text:?}: repeated term {:?}",
            w.term
        );
    }
    for pair in q.concepts.windows(2) {
        assert!(
            pair[0].concept < pair[1].concept,
            "{text:?}: concepts unsorted"
        );
    }
    for c in &q.concepts {
        assert!(c.factor > 0.0 && c.factor <= 1.0, "{text:?}: {c:?}");
        assert!(
            c.covers.iter().all(|&w| w < q.words.len()),
            "{text:?}: {c:?}"
        );
    }
    let typo = pair.map(|(a, b)| {
        let one = analysis::within_one_edit(a, b);
        assert_eq!(one, analysis::within_one_edit(b, a), "one typo {a:?} {b:?}");
        assert!(analysis::within_one_edit(a, a));
        one
    });
    json!({
        "words": words,
        "terms": terms,
        "query": {
            "words": q.words.iter().map(|w| json!({"term": w.term, "typo": w.typo, "prefix": w.prefix, "filler": w.filler, "known": w.known})).collect::<Vec<_>>(),
            "concepts": q.concepts.iter().map(|c| json!({"concept": c.concept, "factor": c.factor, "covers": c.covers, "crisis": c.crisis})).collect::<Vec<_>>(),
            "crisis": analysis::crisis::Lexicon::builtin().detect(text, analysis::Lang::of(None)),
        },
        "typo": typo,
    })
}

/// Node running `search.mjs` over the readable and the minified client.
struct Node {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The Node process, started on first use; `None` when Node is not installed (a failure
/// under `CI`, a note otherwise).
fn node() -> &'static Mutex<Option<Node>> {
    static NODE: OnceLock<Mutex<Option<Node>>> = OnceLock::new();
    NODE.get_or_init(|| Mutex::new(start_node()))
}

fn start_node() -> Option<Node> {
    let installed = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !installed {
        assert!(
            std::env::var_os("CI").is_none(),
            "node is not installed and CI is set: the search fuzz target must compare search.js \
             with Rust in CI (tests/run.sh installs Node on Debian)"
        );
        eprintln!(
            "SKIPPED: node is not installed; the search fuzz target checks the Rust analysis only"
        );
        return None;
    }
    let root = super::root();
    let scratch = super::scratch();
    let syn = scratch.join("synonyms.json");
    let table = signpost::search::static_index::synonyms_json(synonyms(), |_| true);
    let fill: Vec<&str> = synonyms().filler.iter().map(String::as_str).collect();
    let crisis = signpost::search::static_index::crisis_json(&|_| true, true);
    let syn_json = json!({"syn": table, "fill": fill.join("|"), "crisis": crisis});
    std::fs::write(&syn, syn_json.to_string()).expect("write the synonyms");
    let minified = scratch.join("search.min.js");
    let client = signpost::search::static_index::CLIENT;
    std::fs::write(&minified, signpost::render::minify("search.js", client))
        .expect("write the minified client");
    let mut child = Command::new("node")
        .arg(root.join("fuzz/targets/search.mjs"))
        .arg(&syn)
        .arg(root.join("themes/default/search.js"))
        .arg(&minified)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start node");
    let stdin = child.stdin.take().expect("node's stdin");
    let stdout = BufReader::new(child.stdout.take().expect("node's stdout"));
    Some(Node {
        child,
        stdin,
        stdout,
    })
}

/// Node's answer for `text`, or `None` without Node.
fn node_side(text: &str, pair: Option<(&str, &str)>) -> Option<Value> {
    let mut guard = node().lock().unwrap_or_else(|e| e.into_inner());
    let node = guard.as_mut()?;
    let request = json!({"text": text, "pair": pair.map(|(a, b)| [a, b])});
    writeln!(node.stdin, "{request}").expect("write to node");
    node.stdin.flush().expect("write to node");
    let mut line = String::new();
    let n = node.stdout.read_line(&mut line).expect("read from node");
    assert!(n > 0, "node stopped on {text:?} (its error is above)");
    Some(serde_json::from_str(&line).expect("node answers JSON"))
}

/// Each client's answer must be the Rust one (factors compared as numbers).
fn compare(text: &str, rust: &Value, js: &Value) {
    if js["unknown"] == json!(true) {
        return;
    }
    for (i, got) in js["out"].as_array().expect("answers").iter().enumerate() {
        let mut got = got.clone();
        for c in got["query"]["concepts"]
            .as_array_mut()
            .into_iter()
            .flatten()
        {
            c["factor"] = json!(c["factor"].as_f64());
        }
        let client = ["search.js", "search.min.js"][i.min(1)];
        assert_eq!(
            &got, rust,
            "{client} and Rust analyse {text:?} differently (left: {client}, right: Rust)"
        );
    }
}
