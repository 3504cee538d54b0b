//! The community workflow on the built sites: each listing page says when its group last
//! confirmed it and when it last changed (from real git history made here with set authors and
//! dates), and links to edit it and report a problem on GitHub; the "Add your group" page lists
//! the needs, and its script (`themes/default/add.js`, run in Node) writes listings that
//! `signpost check` accepts, in the same form as `signpost new`.

use std::path::Path;
use std::process::Command;

use crate::common::{self, Dir, JO, TODAY, VAL, listing, stderr, stdout};

/// Builds the directory into `<root>/public` and returns that folder.
fn build(d: &Dir) -> std::path::PathBuf {
    let out = d.path().join("public");
    let run = d.run(&["build", "--out", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    out
}

fn read(out: &Path, page: &str) -> String {
    std::fs::read_to_string(out.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"))
}

/// The default language's part of a listing page, which holds every language.
fn read_en(out: &Path, page: &str) -> String {
    crate::common::part(&read(out, page), "en").to_string()
}

/// The text of the freshness and links block at the bottom of a listing page.
fn meta(html: &str) -> &str {
    let start = html
        .find(r#"<div class="listing-meta">"#)
        .expect("a listing-meta block");
    let end = start + html[start..].find("</div>").unwrap();
    &html[start..end]
}

#[test]
fn listing_pages_show_when_the_group_confirmed_them_and_when_they_last_changed() {
    let d = Dir::git();
    // Added by its maintainer, confirmed by them later, then tidied by a volunteer.
    d.write(
        "listings/knit.yaml",
        &listing("Knit", &["jo-bloggs"], "2026-08-01"),
    );
    d.commit(JO.0, JO.1, "2026-07-15", "Add Knit");
    d.write(
        "listings/knit.yaml",
        &listing("Knit and Natter", &["jo-bloggs"], "2026-08-01"),
    );
    d.commit(JO.0, JO.1, "2026-09-05", "Knit: new name");
    d.write(
        "listings/knit.yaml",
        &listing("Knit and Natter!", &["jo-bloggs"], "2026-08-01"),
    );
    d.commit(VAL.0, VAL.1, "2026-10-20", "Knit: punctuation");
    // Only ever changed by a volunteer: its `reviewed` date counts.
    d.write(
        "listings/north/cafe.yaml",
        &listing("Cafe", &["bee"], "2026-10-01"),
    );
    d.commit(VAL.0, VAL.1, "2026-10-03", "Add the cafe");
    // Confirmed by its maintainer seven months ago: may be out of date, says so with that date.
    d.write(
        "listings/walk.yaml",
        &listing("Walk", &["jo-bloggs"], "2026-01-10"),
    );
    d.commit(VAL.0, VAL.1, "2026-02-01", "Add Walk");
    d.write(
        "listings/walk.yaml",
        &listing("Walk and Talk", &["jo-bloggs"], "2026-01-10"),
    );
    d.commit(JO.0, JO.1, "2026-04-02", "Walk: new name");
    let out = build(&d);

    let knit = read_en(&out, "listings/knit/index.html");
    assert!(
        meta(&knit).contains(
            "Confirmed by the group on 5 September 2026. Last changed on 20 October 2026 by Volunteer Val."
        ),
        "{}",
        meta(&knit)
    );
    assert!(!knit.contains("may be out of date"));
    let cafe = read_en(&out, "listings/cafe/index.html");
    assert!(
        meta(&cafe).contains(
            "Confirmed by the group on 1 October 2026. Last changed on 3 October 2026 by Volunteer Val."
        ),
        "{}",
        meta(&cafe)
    );
    let walk = read_en(&out, "listings/walk/index.html");
    assert!(
        meta(&walk).contains(
            "Confirmed by the group on 2 April 2026. Last changed on 2 April 2026 by Jo Bloggs."
        ),
        "{}",
        meta(&walk)
    );
    assert!(walk.contains("This listing may be out of date."));
    assert!(walk.contains("It was last checked on 2 April 2026."));

    // The links: GitHub's editor for the file, and the prefilled problem report.
    assert!(
        cafe.contains(
            r#"<a href="https://github.com/test/directory/edit/main/listings/north/cafe.yaml" rel="noopener noreferrer">Edit this listing"#
        ),
        "{}",
        meta(&cafe)
    );
    assert!(
        cafe.contains(
            r#"<a href="https://github.com/test/directory/issues/new?template=report-problem.yml&amp;listing=cafe" rel="noopener noreferrer">Report a problem"#
        ),
        "{}",
        meta(&cafe)
    );
    // Names only: no email address from the history is ever published.
    for page in [&knit, &cafe, &walk] {
        assert!(!page.contains("@example.org"), "{}", meta(page));
        assert!(!page.contains("noreply"), "{}", meta(page));
    }
}

#[test]
fn the_report_link_fills_in_a_field_of_the_report_form() {
    // report_url names the form file and its field id: both must exist in .github/.
    let url = signpost::history::report_url("https://github.com/o/r", "x");
    let query = url.split_once('?').unwrap().1;
    let params: Vec<(&str, &str)> = query
        .split('&')
        .map(|p| p.split_once('=').unwrap())
        .collect();
    let template = params.iter().find(|(k, _)| *k == "template").unwrap().1;
    let form = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(".github/ISSUE_TEMPLATE")
            .join(template),
    )
    .unwrap();
    let form: serde_json::Value = serde_saphyr::from_str(&form).unwrap();
    let field = params.iter().find(|(k, _)| *k != "template").unwrap().0;
    assert!(
        form["body"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["id"] == field && f["type"] == "input"),
        "{template} has no input `{field}`"
    );
}

#[test]
fn without_git_a_listing_page_shows_only_its_reviewed_date() {
    let d = Dir::plain("");
    d.write(
        "listings/knit.yaml",
        &listing("Knit", &["jo-bloggs"], "2026-10-01"),
    );
    let out = build(&d);
    let knit = read_en(&out, "listings/knit/index.html");
    let block = meta(&knit);
    assert!(
        block.contains("<p class=\"hint\">Confirmed by the group on 1 October 2026.</p>"),
        "{block}"
    );
    assert!(!block.contains("Last changed"), "{block}");
    assert!(block.contains("/edit/main/listings/knit.yaml"), "{block}");
}

#[test]
fn without_a_repository_there_are_no_github_links() {
    let d = Dir::plain("");
    let toml = std::fs::read_to_string(d.path().join("signpost.toml")).unwrap();
    d.write(
        "signpost.toml",
        &toml.replace("repository = \"https://github.com/test/directory\"\n", ""),
    );
    d.write(
        "listings/knit.yaml",
        &listing("Knit", &["jo-bloggs"], "2026-10-01"),
    );
    let out = build(&d);
    let knit = read_en(&out, "listings/knit/index.html");
    assert!(!knit.contains("Edit this listing"), "{}", meta(&knit));
    assert!(!knit.contains("Report a problem"), "{}", meta(&knit));
    let add = read(&out, "add/index.html");
    assert!(!add.contains("github.com"), "the add page offers GitHub");
    assert!(!add.contains("data-new="));
    // With nobody named to send it to, the page still says what to do with the listing.
    assert!(add.contains("send it to the people who run Test"), "{add}");
}

#[test]
fn the_add_page_lists_every_need_and_says_where_to_send_the_listing() {
    let d = Dir::plain(
        "[support]\nname = \"Testshire Voluntary Action\"\nurl = \"https://tva.example.org/\"\nemail = \"listings@tva.example.org\"\n",
    );
    d.write(
        "listings/knit.yaml",
        &listing("Knit", &["jo-bloggs"], "2026-10-01"),
    );
    let out = build(&d);
    let add = read(&out, "add/index.html");
    assert!(add.contains("<h1>Add your group</h1>"));
    let vocab = signpost::vocab::Vocabularies::load(d.path()).unwrap();
    assert!(vocab.needs.terms.len() > 20);
    for need in &vocab.needs.terms {
        let label = need.label.replace('\'', "&#39;");
        assert!(
            add.contains(&format!(
                r#"<input type="checkbox" id="need-{id}" name="needs" value="{id}"><label for="need-{id}">{label}</label>"#,
                id = need.id
            )),
            "{} is not on the add page",
            need.id
        );
    }
    // Where the listing goes: GitHub's new-file page in the listings folder, the file's first
    // line, and the support organisation (by email, and its website without JavaScript).
    assert!(add.contains(r#"data-new="https://github.com/test/directory/new/main/listings""#));
    assert!(add.contains(
        r##"data-modeline="# yaml-language-server: $schema=../schema/listing.schema.json""##
    ));
    assert!(add.contains(r#"id="add-mail" data-to="mailto:listings@tva.example.org" data-subject="Add our group: {name}""#));
    assert!(add.contains(r#"<a href="mailto:listings@tva.example.org" dir="ltr">"#));
    assert!(add.contains(r#"<a href="https://tva.example.org/" rel="noopener noreferrer">Contact Testshire Voluntary Action through their website</a>"#));
    assert!(
        add.contains(
            r#"href="https://github.com/test/directory/issues/new?template=add-group.yml""#
        )
    );
    assert!(add.contains(r#"<script src="../assets/add.js" defer></script>"#));
    // The limits come from the listing format.
    assert!(add.contains(r#"name="name" type="text" required data-max="80""#));
    assert!(add.contains(r#"name="summary" type="text" required data-max="160""#));
    // Every page links to it.
    assert!(read(&out, "index.html").contains(r#"<a href="add/">Add your group</a>"#));
    assert!(
        read_en(&out, "listings/knit/index.html")
            .contains(r#"<a href="../../add/">Add your group</a>"#)
    );
    let js = read(&out, "assets/add.js");
    assert!(
        js.len() <= 10 * 1024,
        "add.js is {} bytes, over its 10 KB budget",
        js.len()
    );
    for word in ["fetch(", "XMLHttpRequest", "sendBeacon", "WebSocket"] {
        assert!(!js.contains(word), "add.js uses {word}");
    }
}

#[test]
fn a_site_cannot_take_the_add_page_folder() {
    let d = Dir::plain(
        "[[sites]]\nid = \"add\"\nname = \"Add\"\npostcode = \"CR0 1AA\"\nborough_wide = true\n",
    );
    let out = d.run(&["build", "--out", d.path().join("public").to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("the site id `add` is used by the sites' own folders"),
        "{}",
        stderr(&out)
    );
}

/// Answers as the add page's form gives them; the script fills in the rest as empty.
fn drafts() -> serde_json::Value {
    serde_json::json!([
        {
            "name": "Café Ñandú & Friends: \"Tea\"",
            "summary": "10 minutes of calm # and a cup of tea",
            "description": "Come along!\n\n  - knitting\n  - **cake**\n\n# Not a heading: 'quoted'",
            "organisation": "yes",
            "needs": ["loneliness-and-isolation", "arts-and-creativity"],
            "days": ["monday", "friday"], "start": "09:30", "end": "11:00",
            "venue": "St Mary's Hall", "address": "1 High St, Croydon\n\n  Croydon  ", "postcode": "cr01nx",
            "online": "on",
            "cost": "paid", "amount": "£3.50", "per": "session", "joining": "either",
            "email": "tea@example.org", "phone": "+44 (0)20 8123 4567",
            "website": "https://example.org/tea?day=monday#times",
            "maintainer": "@Jo-Bloggs", "reviewed": TODAY
        },
        {
            "name": "No", "summary": "True", "needs": ["bereavement"],
            "by_phone": "on", "cost": "free", "joining": "professional",
            "phone": "020 8123 4567", "maintainer": "sam-smith", "reviewed": TODAY
        },
        {
            "name": "2nd Croydon Scouts (Thursdays)", "summary": "Null and void? Not at all: we're busy!",
            "needs": ["young-people-support"], "days": ["thursday"], "start": "18:00",
            "venue": "Scout Hut", "postcode": "CR7 7JE",
            "website": "http://scouts.example.org", "maintainer": "scout-leader", "reviewed": TODAY
        }
    ])
}

/// Runs tests/js/add.mjs over the answers; `None` when Node is not installed (and `CI` is not
/// set, see [`common::node`]).
fn run_add_js(drafts: &serde_json::Value) -> Option<Vec<serde_json::Value>> {
    use std::io::Write;
    common::node("the add page's script")?;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut child = Command::new("node")
        .arg(root.join("tests/js/add.mjs"))
        .arg("# yaml-language-server: $schema=../schema/listing.schema.json")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run node tests/js/add.mjs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(drafts.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

#[test]
fn the_add_page_script_writes_listings_that_check_accepts() {
    let Some(results) = run_add_js(&drafts()) else {
        return;
    };
    let d = Dir::plain("");
    for r in &results {
        assert_eq!(r["problems"], serde_json::json!({}), "{r}");
        let yaml = r["yaml"].as_str().unwrap();
        assert!(
            yaml.starts_with(
                "# yaml-language-server: $schema=../schema/listing.schema.json\nname: "
            )
        );
        d.write(
            &format!("listings/{}.yaml", r["slug"].as_str().unwrap()),
            yaml,
        );
    }
    let slugs: Vec<&str> = results
        .iter()
        .map(|r| r["slug"].as_str().unwrap())
        .collect();
    assert_eq!(
        slugs,
        ["caf-and-friends-tea", "no", "2nd-croydon-scouts-thursdays"]
    );
    let check = d.run(&["check", "--format", "json"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    let problems: Vec<serde_json::Value> = serde_json::from_slice(&check.stdout).unwrap();
    let errors: Vec<_> = problems
        .iter()
        .filter(|p| p["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    // The values read back as typed.
    let out = build(&d);
    let cafe = read_en(&out, "listings/caf-and-friends-tea/index.html");
    assert!(cafe.contains("<h1>Café Ñandú &amp; Friends: &quot;Tea&quot;</h1>"));
    assert!(cafe.contains("10 minutes of calm # and a cup of tea"));
    assert!(cafe.contains("Run by <bdi>yes</bdi>"));
    assert!(cafe.contains("Every Monday and Friday, 09:30 to 11:00"));
    assert!(cafe.contains("1 High St, Croydon<br>Croydon<br>CR0 1NX"));
    assert!(cafe.contains("£3.50 a session"));
    let no = read_en(&out, "listings/no/index.html");
    assert!(no.contains("<h1>No</h1>") && no.contains(">True</p>"));
}

#[test]
fn the_add_page_script_finds_the_mistakes_across_fields() {
    let drafts = serde_json::json!([
        { "name": "تحية", "summary": "x", "reviewed": TODAY },
        { "name": "A", "summary": "x", "needs": ["bereavement"], "start": "10:00", "end": "09:00",
          "address": "1 High St", "cost": "paid", "amount": "0", "reviewed": TODAY },
        { "name": "A", "summary": "x", "needs": ["bereavement"], "days": ["monday"], "start": "10:00",
          "end": "10:00", "venue": "Hall", "postcode": "CR0", "email": "a@example.org", "reviewed": TODAY }
    ]);
    let Some(results) = run_add_js(&drafts) else {
        return;
    };
    let problems: Vec<&serde_json::Value> = results.iter().map(|r| &r["problems"]).collect();
    assert_eq!(
        problems,
        [
            &serde_json::json!({"name": "slug", "needs": "required", "where": "required", "contact": "required", "maintainer": "required"}),
            &serde_json::json!({"days": "required", "end": "order", "venue": "required", "postcode": "required", "amount": "shape", "contact": "required", "maintainer": "required"}),
            &serde_json::json!({"end": "order", "postcode": "shape", "maintainer": "required"}),
        ]
    );
}

#[test]
fn the_add_page_script_writes_what_signpost_new_writes() {
    let drafts = serde_json::json!([{
        "name": "Knit and Natter", "summary": "A friendly knitting group.",
        "needs": ["loneliness-and-isolation"], "days": ["tuesday"], "start": "10:00", "end": "12:00",
        "venue": "Thornton Heath Library", "postcode": "CR7 7JE",
        "email": "knit@example.org", "maintainer": "jo-bloggs", "reviewed": TODAY
    }]);
    let Some(results) = run_add_js(&drafts) else {
        return;
    };
    let d = Dir::plain("");
    let new = d.run(&[
        "new",
        "--name",
        "Knit and Natter",
        "--summary",
        "A friendly knitting group.",
        "--need",
        "loneliness-and-isolation",
        "--venue",
        "Thornton Heath Library",
        "--postcode",
        "CR7 7JE",
        "--day",
        "tuesday",
        "--start",
        "10:00",
        "--end",
        "12:00",
        "--email",
        "knit@example.org",
        "--maintainer",
        "jo-bloggs",
    ]);
    assert!(new.status.success(), "{}", stderr(&new));
    let written = std::fs::read_to_string(d.path().join("listings/knit-and-natter.yaml")).unwrap();
    assert_eq!(results[0]["yaml"].as_str().unwrap(), written);
}

/// Runs tests/js/add.mjs on `n` fillings made from `seed` (see that file); `None` without Node.
fn run_add_js_random(n: usize, seed: u32) -> Option<Vec<serde_json::Value>> {
    common::node("the add page's script")?;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("node")
        .arg(root.join("tests/js/add.mjs"))
        .arg("# yaml-language-server: $schema=../schema/listing.schema.json")
        .args(["--random", &n.to_string(), &seed.to_string()])
        .output()
        .expect("run node tests/js/add.mjs");
    assert!(out.status.success(), "{}", stderr(&out));
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

const TEAM: &str = "[support]\nname = \"Testshire CVS\"\nurl = \"https://cvs.example.org/\"\nemail = \"listings@tva.example.org\"\nmaintainers = [\"@testshire/listings\"]\n";

/// Writes each listing into `d` and runs `check` once; the errors, by file name.
fn check_all(d: &Dir, listings: &[(String, &str)]) -> Vec<serde_json::Value> {
    for (file, yaml) in listings {
        d.write(&format!("listings/{file}.yaml"), yaml);
    }
    let check = d.run(&["check", "--format", "json"]);
    let problems: Vec<serde_json::Value> = serde_json::from_slice(&check.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&check), stderr(&check)));
    problems
        .into_iter()
        .filter(|p| p["severity"] == "error")
        .collect()
}

/// Property: whatever the form is filled in with, either the page points at a mistake or the
/// listing it writes passes `signpost check` with no errors: 400 fillings from a fixed seed
/// (`SIGNPOST_ADD_SEED` to try others), odd text, several sessions every few weeks or monthly,
/// ages, audiences, languages, access, with and without a fallback team; one `check` per
/// directory. Postcodes are ones the test's postcode file knows: the page cannot know which
/// real postcodes exist.
#[test]
fn every_filling_of_the_add_form_gives_a_mistake_or_a_listing_check_accepts() {
    let seed = std::env::var("SIGNPOST_ADD_SEED").map_or(17, |s| s.parse().unwrap());
    let Some(results) = run_add_js_random(400, seed) else {
        return;
    };
    let (mut team, mut alone) = (Vec::new(), Vec::new());
    for (i, r) in results.iter().enumerate() {
        let Some(yaml) = r["yaml"].as_str() else {
            assert!(r["problems"].as_object().is_some_and(|p| !p.is_empty()));
            continue;
        };
        // Never `maintainers: []`, and a listing without a handle only with a team.
        assert!(!yaml.contains("maintainers: []"), "{yaml}");
        let with_team = r["answers"]["team"] == true;
        assert!(with_team || yaml.contains("\nmaintainers: ["), "{yaml}");
        let slug = r["slug"].as_str().unwrap();
        let file = format!("f{i}-{slug}");
        if with_team { &mut team } else { &mut alone }.push((file, yaml));
    }
    assert!(
        team.len() >= 15 && alone.len() >= 10,
        "too few fillings gave a listing ({} with a team, {} without): the test would prove little",
        team.len(),
        alone.len()
    );
    for (config, listings) in [(TEAM, &team), ("", &alone)] {
        let d = Dir::plain(config);
        let errors = check_all(&d, listings);
        let explained: Vec<String> = errors
            .iter()
            // The same group twice (E017) comes from putting every filling in one directory.
            .filter(|e| e["code"] != "E017")
            .map(|e| {
                let file = e["file"].as_str().unwrap_or("");
                let i: usize = file
                    .rsplit('/')
                    .next()
                    .and_then(|f| f.strip_prefix('f'))
                    .and_then(|f| f.split('-').next())
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(usize::MAX);
                format!(
                    "{} {}\n  answers: {}\n{}",
                    e["code"],
                    e["message"],
                    results
                        .get(i)
                        .map_or(&serde_json::Value::Null, |r| &r["answers"]),
                    results
                        .get(i)
                        .and_then(|r| r["yaml"].as_str())
                        .unwrap_or("")
                )
            })
            .collect();
        assert!(
            explained.is_empty(),
            "seed {seed}:\n{}",
            explained.join("\n\n")
        );
    }
}

/// A blank GitHub user name: with a fallback team the listing names no maintainer and passes
/// `check` (the team looks after it; without the team the same file is E005); without a team
/// the form asks for a user name, writes nothing, and the page says where to send the listing.
#[test]
fn a_blank_github_user_name_uses_the_team_or_is_asked_for() {
    let answers = serde_json::json!({
        "name": "Knit and Natter", "summary": "A friendly knitting group.",
        "needs": ["loneliness-and-isolation"], "days": ["tuesday"], "start": "10:00",
        "venue": "Library", "postcode": "CR7 7JE", "step": "yes",
        "email": "knit@example.org", "reviewed": TODAY
    });
    let mut with_team = answers.clone();
    with_team["team"] = serde_json::json!(true);
    let Some(results) = run_add_js(&serde_json::json!([with_team, answers])) else {
        return;
    };
    let yaml = results[0]["yaml"].as_str().unwrap();
    assert_eq!(results[0]["problems"], serde_json::json!({}));
    assert!(!yaml.contains("maintainers"), "{yaml}");
    assert!(yaml.contains("    access: [step-free]\n"), "{yaml}");
    let listing = [("knit-and-natter".to_string(), yaml)];
    assert_eq!(
        check_all(&Dir::plain(TEAM), &listing),
        Vec::<serde_json::Value>::new()
    );
    let without = check_all(&Dir::plain(""), &listing);
    assert_eq!(without.len(), 1, "{without:?}");
    assert_eq!(without[0]["code"], "E005");
    // Without a team: asked for, and no listing.
    assert_eq!(
        results[1]["problems"],
        serde_json::json!({"maintainer": "required"})
    );
    assert!(results[1]["yaml"].is_null());

    // The pages say so: optional with a team, and where to send it without one.
    let d = Dir::plain(TEAM);
    let add = read(&build(&d), "add/index.html");
    assert!(
        add.contains(" data-team "),
        "the script knows there is a team"
    );
    assert!(add.contains("GitHub user name (optional)"));
    assert!(add.contains("Leave it empty if nobody in the group uses GitHub: Testshire CVS will look after the listing."));
    let d = Dir::plain(
        "[support]\nname = \"Testshire CVS\"\nurl = \"https://cvs.example.org/\"\nemail = \"listings@tva.example.org\"\n",
    );
    let add = read(&build(&d), "add/index.html");
    assert!(!add.contains(" data-team "));
    assert!(add.contains(r#"<label for="add-maintainer">GitHub user name</label>"#));
    assert!(add.contains("If nobody in the group uses GitHub, send the group&#39;s details to Testshire CVS (listings@tva.example.org) instead."), "{add}");
}

/// The email link carries the listing when the whole link fits in 2,000 characters, and asks
/// for it to be pasted when it does not: the longest form (every text at its limit, three
/// sessions, every choice ticked) gives a link within the limit either way.
#[test]
fn the_email_link_holds_the_listing_when_it_fits_and_never_passes_the_safe_length() {
    let sessions = serde_json::json!([
        {"days": ["monday", "wednesday", "friday"], "often": "2", "starting": "2026-11-23", "start": "09:30", "end": "11:00", "week": "first"},
        {"days": ["tuesday"], "often": "month", "week": "last", "starting": "", "start": "18:00", "end": "20:00"},
        {"days": ["saturday", "sunday"], "often": "1", "week": "first", "starting": "", "start": "10:00", "end": "16:00"}
    ]);
    let longest = serde_json::json!({
        "name": "N".repeat(80), "summary": "S".repeat(160), "description": "Long text. ".repeat(300),
        "organisation": "O".repeat(200), "needs": ["loneliness-and-isolation", "arts-and-creativity", "bereavement"],
        "sessions": sessions, "venue": "V".repeat(80), "address": "1 High Street\nCroydon", "postcode": "CR0 1AA",
        "online": "on", "by_phone": "on", "step": "yes", "access": ["accessible-toilet", "hearing-loop", "lift", "quiet-space"],
        "min_age": "18", "max_age": "120", "audiences": ["men", "women", "carers"], "languages": ["en", "ar", "bn", "pl", "so", "ur"],
        "cost": "paid", "amount": "3.50", "per": "session", "joining": "either",
        "email": "knit@example.org", "phone": "020 8123 4567", "website": "https://example.org/",
        "maintainer": "jo-bloggs", "reviewed": TODAY
    });
    let short = serde_json::json!({
        "name": "Knit", "summary": "Knitting.", "needs": ["loneliness-and-isolation"],
        "online": "on", "email": "knit@example.org", "team": true, "reviewed": TODAY
    });
    let Some(results) = run_add_js(&serde_json::json!([longest, short])) else {
        return;
    };
    let (long, short) = (&results[0], &results[1]);
    assert_eq!(long["problems"], serde_json::json!({}), "{long}");
    // The longest form's listing passes check too.
    let listing = [("longest".to_string(), long["yaml"].as_str().unwrap())];
    assert_eq!(
        check_all(&Dir::plain(""), &listing),
        Vec::<serde_json::Value>::new()
    );
    for r in [long, short] {
        let mail = r["mail"].as_str().unwrap();
        assert!(mail.len() <= 2000, "{} characters", mail.len());
        assert!(
            mail.starts_with("mailto:listings@tva.example.org?subject=Add%20our%20group%3A%20")
        );
    }
    assert_eq!(long["whole"], false);
    assert!(long["mail"].as_str().unwrap().ends_with("&body=Please%20add%20our%20group.%20Our%20listing%20is%20below%3A%0A%0A(paste%20the%20listing%20here)"));
    assert_eq!(short["whole"], true);
    let body = short["mail"]
        .as_str()
        .unwrap()
        .split("&body=")
        .nth(1)
        .unwrap();
    let decoded = percent_decode(body);
    assert_eq!(decoded, short["yaml"].as_str().unwrap());
}

/// `%XX` sequences back to bytes, as a mail program reads a mailto: body.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            out.push(
                u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap(), 16).unwrap(),
            );
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}
