//! The JavaScript client's normaliser (`themes/default/search.js`) must give exactly what
//! `signpost::analysis` gives: this runs it in Node over a word list and compares.

use std::path::Path;
use std::process::Command;

use signpost::analysis::{self, Synonyms};
use signpost::search::static_index::synonyms_json;
use signpost::vocab::Vocabularies;

use crate::common;

/// Queries, each with the page's language, whose analysis (words, their typo, prefix and filler
/// flags, concepts, typo factors, covered words, crisis categories) must agree.
const LANG_QUERIES: &[(&str, &str)] = &[
    ("mieszkaniem pomoc", "pl"),
    ("nie chcę już żyć", "pl"),
    ("shaqada raadin", "so"),
    ("caafimaadka dumarka", "so"),
    ("الوحدة", "ar"),
    ("والمساعدة في السكن", ""),
    ("خواتین کے لیے", "ur"),
    ("মহিলাদের স্বাস্থ্য", "bn"),
    ("my husband hits me", ""),
    ("exercise over 60", "en"),
    ("16 year olds football", ""),
    ("car insurance", ""),
    ("caring for my mum", ""),
];

/// Queries whose analysis (words, concepts, typo factors, covered words) must agree.
pub(crate) const QUERIES: &[&str] = &[
    "lonely",
    "lonley",
    "skint",
    "living on my own",
    "somali speaking",
    "free toddler group tuesday",
    "walking group weekend",
    "men's group",
    "help with debt",
    "bereavment",
    "dimentia cafe",
    "talk to someone at night",
    "Polish speakers",
    "walk walking walks",
    "the and",
    "",
    "drop-in on saturday mornings",
    "step free",
    "wheelchair accessible yoga",
];

/// Words and phrases across what people type: accents, plurals, -ing/-ed, apostrophes,
/// hyphens, capitals, numbers, Somali, Polish, Arabic, Tamil, Turkish, Greek.
pub(crate) const TEXTS: &[&str] = &[
    "Café",
    "CRÈME brûlée",
    "Straße",
    "naïve",
    "Zoë",
    "Ångström",
    "smörgåsbord",
    "Æsop",
    "Œuvre",
    "groups",
    "babies",
    "classes",
    "churches",
    "boxes",
    "buses",
    "walks",
    "dances",
    "houses",
    "walking",
    "knitting",
    "swimming",
    "dancing",
    "singing",
    "sing",
    "running",
    "caring",
    "falling",
    "stressed",
    "bereaved",
    "widowed",
    "carried",
    "agreed",
    "need",
    "string",
    "men's group",
    "Men’s Shed",
    "alzheimer's",
    "can't cope",
    "dads'",
    "o'clock",
    "well-being",
    "self-esteem",
    "16-25",
    "5-a-side",
    "co-parenting",
    "drop-in",
    "Somali: Koox haweenka, ba'an, caafimaad, dhalinyarada, waalidiinta",
    "Polish: Łódź, Gdańsk, źdźbło, żółw, pszczoła, świętokrzyskie, język polski",
    "Arabic: مَرْحَبًا بِكُمْ، أهلاً وسهلاً، إسلام، آمنة، مدرسة، مصطفى",
    "Tamil: தமிழ் மொழி",
    "Turkish: İstanbul, ığdır, şeker",
    "Greek: ΟΔΥΣΣΕΥΣ σοφία",
    "Romanian: știință, țară",
    "Welsh: ŵyr, ŷd",
    "Czech: Dvořák, příliš",
    "e\u{0301}te\u{0301} decomposed",
    "Lonely? Living on my own... no one to talk to!",
    "free toddler group TUESDAY",
    "walking group weekend",
    "help with debt",
    "bereavment",
    "lonley",
    "£5 per session, 10:00–12:00",
    "email: jo@example.org",
    "https://example.org/x",
    "",
    "   ",
    "a the and",
    "ESOL",
    "caring cared care cares car cars coping hoping hopping making sewing boxing dance dancing",
    "Arabic clitics: والوحدة بالعربية للأطفال لاجئين الديون فالعمل",
    "Urdu: خواتین والدین بچوں گھریلو تشدد ذیابیطس",
    "Bengali: মহিলাদের বাড়িতে স্বামীকে শিশুদের সকালে",
    "COPD",
    "PIP",
    "NHS app",
    "Zumba®",
    "naïveté",
    "x",
    "ab",
];

pub(crate) const PAIRS: &[(&str, &str)] = &[
    ("lonley", "lonely"),
    ("bereavment", "bereavement"),
    ("walk", "talk"),
    ("walk", "wlka"),
    ("abcd", "badc"),
    ("ab", "ba"),
    ("łódź", "lodz"),
    ("مدرسة", "مدرسه"),
    ("", "a"),
    ("same", "same"),
];

#[test]
fn the_javascript_normaliser_matches_the_rust_one_exactly() {
    let Some(version) = common::node("the JavaScript normaliser") else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let synonyms = Synonyms::build(&Vocabularies::builtin(), ["so", "pl", "ar", "en"]);
    let syn = synonyms_json(&synonyms, |_| true);
    let fill: Vec<&String> = synonyms.filler.iter().collect();
    let fill = fill
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join("|");
    let crisis = signpost::search::static_index::crisis_json(&|_| true, true);
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("texts.json");
    std::fs::write(
        &input,
        serde_json::json!({"texts": TEXTS, "pairs": PAIRS, "queries": all_queries(), "syn": syn,
                           "fill": fill, "crisis": crisis})
        .to_string(),
    )
    .unwrap();
    // The readable file, and the minified one the build writes into assets/.
    let minified = dir.path().join("search.min.js");
    std::fs::write(
        &minified,
        signpost::render::minify("search.js", signpost::search::static_index::CLIENT),
    )
    .unwrap();
    for client in [root.join("themes/default/search.js"), minified] {
        compare(root, &input, &client, &synonyms);
    }
    eprintln!(
        "node {version}: {} texts, {} pairs and {} queries analysed identically, readable and minified",
        TEXTS.len(),
        PAIRS.len(),
        QUERIES.len()
    );
}

/// Every query with its language ("" for none).
fn all_queries() -> Vec<(&'static str, &'static str)> {
    QUERIES
        .iter()
        .map(|q| (*q, ""))
        .chain(LANG_QUERIES.iter().copied())
        .collect()
}

/// Runs `client` over the texts, pairs and queries in `input` and compares with Rust.
fn compare(root: &Path, input: &Path, client: &Path, synonyms: &Synonyms) {
    let out = Command::new("node")
        .arg(root.join("tests/js/normalise.mjs"))
        .arg(input)
        .arg(client)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "node failed on {}: {}",
        client.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let js: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();

    // The tables are the same.
    let fold: Vec<(String, String)> = analysis::FOLD
        .iter()
        .map(|(c, s)| (c.to_string(), s.to_string()))
        .collect();
    assert_eq!(js["fold"], serde_json::json!(fold), "FOLD tables differ");
    let strip: Vec<(u32, u32)> = analysis::STRIP
        .iter()
        .map(|&(a, b)| (a as u32, b as u32))
        .collect();
    assert_eq!(js["strip"], serde_json::json!(strip), "STRIP tables differ");
    assert_eq!(
        js["stop"],
        serde_json::json!(analysis::STOP_WORDS),
        "STOP_WORDS differ"
    );

    // And so is every result.
    let mut differ = Vec::new();
    for (i, text) in TEXTS.iter().enumerate() {
        let words = analysis::words(text);
        let terms = analysis::terms(text);
        let own = |lang| -> Vec<String> {
            words
                .iter()
                .map(|w| analysis::stem_in(w, analysis::Lang::of(Some(lang))))
                .collect()
        };
        let got = &js["out"][i];
        let rust =
            serde_json::json!({"words": words, "terms": terms, "pl": own("pl"), "so": own("so")});
        if *got != rust {
            differ.push(format!("{text:?}: rust {rust}, js {got}"));
        }
    }
    for (i, (a, b)) in PAIRS.iter().enumerate() {
        let rust = analysis::within_one_edit(a, b);
        if js["typo"][i] != serde_json::json!(rust) {
            differ.push(format!(
                "one edit {a:?} {b:?}: rust {rust}, js {}",
                js["typo"][i]
            ));
        }
    }
    for (i, (text, lang)) in all_queries().into_iter().enumerate() {
        let reading = analysis::Reading {
            lang: analysis::Lang::of(Some(lang)),
            typing: false,
            known: &|_| false,
            keep: &|_| true,
        };
        let q = analysis::query(text, synonyms, &reading);
        let crisis =
            analysis::crisis::Lexicon::builtin().detect(text, analysis::Lang::of(Some(lang)));
        let rust = serde_json::json!({
            "words": q.words.iter().map(|w| serde_json::json!({"term": w.term, "typo": w.typo, "prefix": w.prefix, "filler": w.filler, "known": w.known})).collect::<Vec<_>>(),
            "concepts": q.concepts.iter().map(|c| serde_json::json!({"concept": c.concept, "factor": c.factor, "covers": c.covers, "crisis": c.crisis})).collect::<Vec<_>>(),
            "crisis": crisis,
        });
        let mut got = js["queries"][i].clone();
        for c in got["concepts"].as_array_mut().into_iter().flatten() {
            c["factor"] = serde_json::json!(c["factor"].as_f64());
        }
        if got != rust {
            differ.push(format!(
                "query {text:?}: rust {rust}, js {}",
                js["queries"][i]
            ));
        }
    }
    assert!(
        differ.is_empty(),
        "{}: differences:\n{}",
        client.display(),
        differ.join("\n")
    );
}
