//! Dates that stay right, through the binary: the build fixture with a fixed calendar (England
//! and Wales bank holidays from the repository's copy of GOV.UK's list, and school terms that
//! are made up for these tests), built as of Monday 21 December 2026. Cards, listing pages,
//! calendar files, the search index and the open data must skip a closed group's bank
//! holidays, a term-time group's school holidays, and count a fortnightly group's weeks; the
//! build-time text stays in the pages for readers without JavaScript. `check` and `build` warn
//! (W007) when the calendar runs out.

use std::path::Path;
use std::process::{Command, Output};

use crate::common::{BuildFixture, repo, stderr};

/// Monday 21 December 2026: Christmas Day and New Year's Day are the Fridays after.
const BUILT_ON: &str = "2026-12-21";

/// School terms for the tests. MADE UP: not any council's dates.
const MADE_UP_TERMS: &str = "\
# MADE UP school terms, for tests only: not any council's dates.
terms = [
  { start = 2026-09-02, end = 2026-10-23 },
  { start = 2026-11-02, end = 2026-12-18 },
  { start = 2027-01-05, end = 2027-02-12 },
  { start = 2027-02-22, end = 2027-03-26 },
]
";

const LISTINGS: &[(&str, &str)] = &[
    (
        "friday-lunch-club",
        "name: Friday Lunch Club\nsummary: A hot lunch and a chat every Friday.\n\
         needs: [loneliness-and-isolation]\n\
         venues:\n  - name: Close Hall\n    postcode: CR9 1AB\n    access: [step-free]\n\
         when:\n  - days: [friday]\n    start: \"12:00\"\n    end: \"14:00\"\n\
         contact:\n  phone: 020 7946 0201\nmaintainers: [fixture]\nreviewed: 2026-10-01\n",
    ),
    (
        "friday-open-house",
        "name: Friday Open House\nsummary: Open every Friday, bank holidays too.\n\
         needs: [loneliness-and-isolation]\n\
         venues:\n  - name: Close Hall\n    postcode: CR9 1AB\n    access: [step-free]\n\
         when:\n  - days: [friday]\n    start: \"10:00\"\n\
         bank_holidays: open\n\
         contact:\n  phone: 020 7946 0202\nmaintainers: [fixture]\nreviewed: 2026-10-01\n",
    ),
    (
        "fortnightly-supper-club",
        "name: Fortnightly Supper Club\nsummary: A home-cooked supper, every other Thursday.\n\
         needs: [loneliness-and-isolation]\n\
         venues:\n  - name: Middle Park Gates\n    postcode: CR9 1AD\n    access: [step-free]\n\
         when:\n  - days: [thursday]\n    every: 2\n    starting: 2026-11-26\n    start: \"18:00\"\n    end: \"20:00\"\n\
         contact:\n  phone: 020 7946 0203\nmaintainers: [fixture]\nreviewed: 2026-10-01\n",
    ),
    (
        "homework-club",
        "name: Homework Club\nsummary: Help with homework after school, in term time.\n\
         needs: [young-people-support]\n\
         venues:\n  - name: Close Hall\n    postcode: CR9 1AB\n    access: [step-free]\n\
         when:\n  - days: [wednesday]\n    start: \"15:30\"\n    end: \"17:00\"\n\
         term_time_only: true\n\
         contact:\n  phone: 020 7946 0204\nmaintainers: [fixture]\nreviewed: 2026-10-01\n",
    ),
];

/// The build fixture with the listings above and `calendar` as its `[calendar]` table (the
/// repository's bank holidays file is copied in as `bank-holidays.json`).
fn fixture(calendar: &str) -> BuildFixture {
    let f = BuildFixture::new();
    std::fs::copy(
        repo().join("data/calendar/bank-holidays.json"),
        f.root().join("bank-holidays.json"),
    )
    .unwrap();
    for (id, text) in LISTINGS {
        std::fs::write(f.root().join(format!("listings/{id}.yaml")), text).unwrap();
    }
    f.append_config(&format!("[calendar]\n{calendar}"));
    f
}

/// `signpost --root ROOT ARGS…` as of `today`.
fn run_on(root: &Path, today: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_signpost"))
        .arg("--root")
        .arg(root)
        .args(args)
        .env("SIGNPOST_TODAY", today)
        .output()
        .unwrap()
}

fn built(calendar: &str) -> BuildFixture {
    let f = fixture(calendar);
    let out = f.out();
    let run = run_on(
        &f.root(),
        BUILT_ON,
        &["build", "--out", out.to_str().unwrap()],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    f
}

/// The text of the card of `id` on a built page.
fn card<'h>(html: &'h str, id: &str) -> &'h str {
    let at = html
        .find(&format!("listings/{id}/"))
        .unwrap_or_else(|| panic!("no card for {id}"));
    let start = html[..at].rfind("<li class=\"card").unwrap();
    let end = at + html[at..].find("</li>").unwrap();
    &html[start..end]
}

fn with_terms() -> String {
    format!("bank_holidays = \"bank-holidays.json\"\n{MADE_UP_TERMS}")
}

#[test]
fn cards_and_pages_skip_bank_holidays_for_groups_closed_on_them() {
    let f = built(&with_terms());
    let home = f.read("y99001/index.html");
    // Christmas Day and New Year's Day are Fridays: closed (the default) skips both.
    let lunch = f.read("listings/friday-lunch-club/index.html");
    assert!(
        lunch.contains("Next: Friday 8 January 2027, 12:00"),
        "{lunch}"
    );
    assert!(card(&home, "friday-lunch-club").contains("Next: Friday 8 January 2027, 12:00"));
    // A group open on bank holidays meets on Christmas Day.
    let open = f.read("listings/friday-open-house/index.html");
    assert!(
        open.contains("Next: Friday 25 December 2026, 10:00"),
        "{open}"
    );

    // The calendar file leaves out each bank holiday Friday, as far as the list goes (the
    // series starts on its first Friday, Christmas Day, which is left out too).
    let ics = f.read("listings/friday-lunch-club/friday-lunch-club.ics");
    assert!(ics.contains("DTSTART;TZID=Europe/London:20261225T120000\r\n"));
    let exdates: Vec<&str> = ics
        .split("\r\n")
        .filter(|l| l.starts_with("EXDATE"))
        .collect();
    assert_eq!(
        exdates,
        [
            "EXDATE;TZID=Europe/London:20261225T120000",
            "EXDATE;TZID=Europe/London:20270101T120000",
            "EXDATE;TZID=Europe/London:20270326T120000", // Good Friday 2027
            "EXDATE;TZID=Europe/London:20280414T120000", // Good Friday 2028
        ],
        "{ics}"
    );
    assert!(
        !f.read("listings/friday-open-house/friday-open-house.ics")
            .contains("EXDATE")
    );
    // The cards carry the sessions for the page's script to work the date out again.
    assert!(
        card(&home, "friday-lunch-club").contains(r#"data-when="w:fri 12:00-14:00""#),
        "{}",
        card(&home, "friday-lunch-club")
    );
    assert!(card(&home, "friday-open-house").contains(r#"data-when="w:fri 10:00;open""#));
}

#[test]
fn a_fortnightly_group_counts_its_weeks_everywhere() {
    let f = built(&with_terms());
    let page = f.read("listings/fortnightly-supper-club/index.html");
    assert!(
        page.contains("Every other Thursday, 18:00 to 20:00"),
        "{page}"
    );
    // 26 November, 10 December, 24 December: Christmas Eve is not a bank holiday.
    assert!(
        page.contains("Next: Thursday 24 December 2026, 18:00"),
        "{page}"
    );
    let ics = f.read("listings/fortnightly-supper-club/fortnightly-supper-club.ics");
    for want in [
        "DTSTART;TZID=Europe/London:20261224T180000",
        "RRULE:FREQ=WEEKLY;INTERVAL=2;WKST=MO;BYDAY=TH",
    ] {
        assert!(ics.contains(&format!("{want}\r\n")), "no {want} in\n{ics}");
    }
    // No bank holiday until the list ends is a Thursday: nothing to leave out.
    assert!(!ics.contains("EXDATE"), "{ics}");
    // Its card filters as a Thursday evening group, and says so in the search index.
    let home = f.read("y99001/index.html");
    let c = card(&home, "fortnightly-supper-club");
    assert!(
        c.contains(r#"data-d="thu""#) && c.contains(r#"data-t="e""#),
        "{c}"
    );
    assert!(
        c.contains(r#"data-when="e2=2026-11-26:thu 18:00-20:00""#),
        "{c}"
    );
    let index: serde_json::Value =
        serde_json::from_str(&f.read("y99001/search/index.json")).unwrap();
    let doc = index["docs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d[0] == "fortnightly-supper-club")
        .unwrap();
    assert_eq!(doc[4], "e2=2026-11-26:thu 18:00-20:00");

    // The open data: a weekly schedule with interval 2 from its first session.
    let export = f.temp().join("open-data");
    let run = run_on(
        &f.root(),
        BUILT_ON,
        &[
            "export",
            "--format",
            "hsds",
            "--out",
            export.to_str().unwrap(),
        ],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let supper = std::fs::read_dir(export.join("services"))
        .unwrap()
        .map(|e| {
            let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
            serde_json::from_str::<serde_json::Value>(&text).unwrap()
        })
        .find(|s| s["name"] == "Fortnightly Supper Club")
        .expect("the supper club is exported");
    let schedule = &supper["schedules"][0];
    assert_eq!(schedule["freq"], "WEEKLY");
    assert_eq!(schedule["interval"], 2.0);
    assert_eq!(schedule["byday"], "TH");
    assert_eq!(schedule["dtstart"], "2026-11-26");
    assert_eq!(
        schedule["description"],
        "Every other Thursday, 18:00 to 20:00"
    );
    assert_eq!(schedule["notes"], "No sessions on bank holidays.");
}

#[test]
fn a_term_time_group_skips_the_made_up_school_holidays() {
    let f = built(&with_terms());
    let page = f.read("listings/homework-club/index.html");
    assert!(
        page.contains("<p>Term time only: not in school holidays.</p>"),
        "{page}"
    );
    // The Christmas holiday (19 December to 4 January) is skipped.
    assert!(
        page.contains("Next in term time: Wednesday 6 January 2027, 15:30"),
        "{page}"
    );
    let ics = f.read("listings/homework-club/homework-club.ics");
    let exdates: Vec<&str> = ics
        .split("\r\n")
        .filter(|l| l.starts_with("EXDATE"))
        .collect();
    assert_eq!(
        exdates,
        [
            "EXDATE;TZID=Europe/London:20261223T153000",
            "EXDATE;TZID=Europe/London:20261230T153000",
            "EXDATE;TZID=Europe/London:20270217T153000", // half term
        ],
        "{ics}"
    );
    assert!(
        page.contains(r#"data-when="w:wed 15:30-17:00;term""#),
        "{page}"
    );
}

#[test]
fn without_term_dates_no_date_is_skipped_and_the_page_says_to_check() {
    let f = built("bank_holidays = \"bank-holidays.json\"\n");
    let page = f.read("listings/homework-club/index.html");
    assert!(
        page.contains("Next: Wednesday 23 December 2026, 15:30 (check term dates)"),
        "{page}"
    );
    assert!(
        page.contains("<p>Term time only: check dates with the group.</p>"),
        "{page}"
    );
    assert!(
        !f.read("listings/homework-club/homework-club.ics")
            .contains("EXDATE")
    );
    // Bank holidays are still skipped.
    assert!(
        f.read("listings/friday-lunch-club/index.html")
            .contains("Next: Friday 8 January 2027, 12:00")
    );
}

#[test]
fn check_and_build_warn_when_the_calendar_runs_out() {
    let f = fixture(&with_terms());
    // The list ends on 26 December 2028: more than a year after 21 December 2026, but within
    // a year of 1 January 2028.
    let quiet = run_on(&f.root(), BUILT_ON, &["check", "--format", "json"]);
    let problems: Vec<serde_json::Value> = serde_json::from_slice(&quiet.stdout).unwrap();
    assert!(
        !problems.iter().any(|p| p["code"] == "W007"),
        "{problems:#?}"
    );
    // The terms end on 26 March 2027: within 3 months of 1 January 2027.
    // (The build fixture has one broken listing: check fails for it, not for the calendar.)
    let soon = run_on(&f.root(), "2027-01-01", &["check", "--format", "json"]);
    let problems: Vec<serde_json::Value> = serde_json::from_slice(&soon.stdout).unwrap();
    let w006: Vec<_> = problems.iter().filter(|p| p["code"] == "W007").collect();
    assert_eq!(w006.len(), 1, "{problems:#?}");
    assert_eq!(w006[0]["file"], "signpost.toml");
    assert!(
        w006[0]["message"]
            .as_str()
            .unwrap()
            .contains("the school terms in [calendar] end on 2027-03-26"),
        "{w006:#?}"
    );
    let late = run_on(&f.root(), "2028-01-01", &["check", "--format", "json"]);
    let problems: Vec<serde_json::Value> = serde_json::from_slice(&late.stdout).unwrap();
    let bank: Vec<_> = problems
        .iter()
        .filter(|p| p["code"] == "W007" && p["file"] == "bank-holidays.json")
        .collect();
    assert_eq!(bank.len(), 1, "{problems:#?}");
    assert!(
        bank[0]["message"]
            .as_str()
            .unwrap()
            .contains("the bank holidays list ends on 2028-12-26, within 12 months")
    );
    // `build` says it too, and still builds.
    let out = f.out();
    let run = run_on(
        &f.root(),
        "2028-01-01",
        &["build", "--out", out.to_str().unwrap()],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("warning[W007]: the bank holidays list ends on 2028-12-26"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn a_bank_holidays_file_that_cannot_be_used_stops_the_run_with_help() {
    let f = fixture("bank_holidays = \"bank-holidays.json\"\ndivision = \"wales\"\n");
    let run = run_on(&f.root(), BUILT_ON, &["check"]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    let text = stderr(&run);
    assert!(text.contains("has no division `wales`"), "{text}");
    assert!(
        text.contains("help: save https://www.gov.uk/bank-holidays.json as the file"),
        "{text}"
    );
}

/// More ways to meet, for comparing the pages' script with the build day by day.
const MORE: &[(&str, &str)] = &[
    (
        "monthly-mixture",
        "name: Monthly Mixture\nsummary: First Mondays, last Fridays and a one-off.\n\
         needs: [loneliness-and-isolation]\nonline: true\n\
         when:\n  - days: [monday]\n    week: first\n    start: \"19:00\"\n\
         \x20 - days: [friday]\n    week: last\n\
         \x20 - date: 2027-01-01\n    start: \"11:00\"\n\
         \x20 - days: [sunday, tuesday]\n    every: 3\n    starting: 2026-12-06\n    start: \"09:15\"\n\
         by_appointment: true\n\
         contact:\n  phone: 020 7946 0205\nmaintainers: [fixture]\nreviewed: 2026-10-01\n",
    ),
    (
        "term-time-fortnightly",
        "name: Term Time Fortnightly\nsummary: Every other Monday and Friday, in term time.\n\
         needs: [loneliness-and-isolation]\nonline: true\n\
         when:\n  - days: [monday, friday]\n    every: 2\n    starting: 2026-11-02\n    start: \"16:00\"\n\
         \x20 - days: [monday]\n    start: \"10:00\"\n\
         term_time_only: true\nbank_holidays: open\n\
         contact:\n  phone: 020 7946 0206\nmaintainers: [fixture]\nreviewed: 2026-10-01\n",
    ),
];

/// Runs tests/js/when.mjs on `when_js` with the script tag's `data` and `cases`.
fn run_when_js(
    when_js: &Path,
    data: &serde_json::Value,
    cases: &[serde_json::Value],
) -> Vec<serde_json::Value> {
    use std::io::Write;
    let mut child = Command::new("node")
        .arg(repo().join("tests/js/when.mjs"))
        .arg(when_js)
        .env("TZ", "Europe/London")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run node");
    let input = serde_json::json!({"data": data, "cases": cases});
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_pages_script_finds_the_same_next_session_as_the_build_on_every_day() {
    if crate::common::node("the pages' next-session script").is_none() {
        return;
    }
    let f = fixture(&with_terms());
    for (id, text) in MORE {
        std::fs::write(f.root().join(format!("listings/{id}.yaml")), text).unwrap();
    }
    let loaded = signpost::directory::load(
        &f.root(),
        &signpost::directory::Options {
            today: Some(BUILT_ON.parse().unwrap()),
            ..Default::default()
        },
    )
    .unwrap();
    let dir = &loaded.directory;
    let calendar = &dir.calendar;
    let join = |dates: Vec<String>| dates.join(" ");
    let data = serde_json::json!({
        "bank": join(calendar.bank_holidays.iter().map(|d| d.to_string()).collect()),
        "terms": join(calendar.terms.iter().map(|(a, b)| format!("{a}/{b}")).collect()),
    });
    let listings: Vec<&signpost::model::Listing> = dir
        .listings
        .iter()
        .filter(|l| !signpost::schedule::compact(l).is_empty())
        .collect();
    assert!(listings.len() >= 7, "{}", listings.len());
    // Every day from November 2026 to the end of January 2028, just after midnight.
    let mut day: jiff::civil::Date = "2026-11-01".parse().unwrap();
    let (mut cases, mut expected) = (Vec::new(), Vec::new());
    while day <= "2028-01-31".parse().unwrap() {
        for l in &listings {
            let x = signpost::schedule::compact(l);
            cases.push(serde_json::json!({
                "x": x,
                "now": [day.year(), day.month(), day.day(), 0, 1],
            }));
            let next = signpost::schedule::next(l, calendar, day).map(|o| match o.start {
                Some(t) => format!("{} {}", o.date, t.strftime("%H:%M")),
                None => o.date.to_string(),
            });
            expected.push((l.id.clone(), day, next.unwrap_or_default()));
        }
        day = day.tomorrow().unwrap();
    }
    // The script as the sites serve it (minified).
    let temp = tempfile::tempdir().unwrap();
    let script = temp.path().join("when.js");
    let source = std::fs::read_to_string(repo().join("themes/default/when.js")).unwrap();
    std::fs::write(&script, signpost::render::minify("when.js", &source)).unwrap();
    let answers = run_when_js(&script, &data, &cases);
    assert_eq!(answers.len(), expected.len());
    let mut differ = Vec::new();
    for ((id, day, want), got) in expected.iter().zip(&answers) {
        if got["next"] != *want.as_str() {
            differ.push(format!(
                "{id} on {day}: build {want:?}, page {}",
                got["next"]
            ));
        }
    }
    assert!(
        differ.is_empty(),
        "{} of {} differ:\n{}",
        differ.len(),
        expected.len(),
        differ[..differ.len().min(20)].join("\n")
    );
}

#[test]
fn the_pages_script_words_the_next_session_as_the_build_does() {
    if crate::common::node("the pages' next-session script").is_none() {
        return;
    }
    let f = built(&with_terms());
    let served = f.out().join("assets/when.js");
    for (id, _) in LISTINGS {
        let page = f.read(&format!("listings/{id}/index.html"));
        // The script tag's data, and the listing's sessions and build-time sentence.
        let tag_at = page.find("assets/when.js").expect("the page loads when.js");
        let tag = &page[tag_at..tag_at + page[tag_at..].find('>').unwrap()];
        let mut data = serde_json::Map::new();
        for part in tag.split(" data-").skip(1) {
            let (name, value) = part.split_once("=\"").unwrap();
            let value = value.split('"').next().unwrap();
            data.insert(name.to_string(), decode(value).into());
        }
        let strong_at = page.find("<strong data-when=\"").expect("a next session") + 19;
        let x = decode(&page[strong_at..strong_at + page[strong_at..].find('"').unwrap()]);
        let text_at = strong_at + page[strong_at..].find('>').unwrap() + 1;
        let built_text = &page[text_at..text_at + page[text_at..].find('<').unwrap()];
        let answer = &run_when_js(
            &served,
            &serde_json::Value::Object(data),
            &[serde_json::json!({"x": x, "now": [2026, 12, 21, 0, 1]})],
        )[0];
        assert_eq!(answer["words"], decode(built_text), "{id}");
    }
}

/// Text of an HTML attribute or element, with the entities tera writes decoded.
fn decode(s: &str) -> String {
    s.replace("&#x2F;", "/")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}
