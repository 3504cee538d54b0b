//! Helpers shared by the integration tests: run the binary, and build small directory
//! repositories in temporary folders with real git commits (set authors and dates).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub mod server;

pub const TODAY: &str = "2026-11-22";

/// A maintainer committing through GitHub (a no-reply address naming the handle `jo-bloggs`)
/// and a volunteer who maintains nothing: (name, email).
pub const JO: (&str, &str) = ("Jo Bloggs", "12345+jo-bloggs@users.noreply.github.com");
pub const VAL: (&str, &str) = ("Volunteer Val", "val@example.org");

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Copies a folder tree, leaving out caches.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() != ".signpost-cache" {
                copy_dir(&entry.path(), &target);
            }
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Runs `signpost --root ROOT ARGS…` with `SIGNPOST_TODAY` set.
pub fn signpost(root: &Path, args: &[&str]) -> Output {
    signpost_with_input(root, args, None)
}

/// Like [`signpost`], with `input` piped to standard input.
pub fn signpost_with_input(root: &Path, args: &[&str], input: Option<&str>) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_signpost"))
        .arg("--root")
        .arg(root)
        .args(args)
        .env("SIGNPOST_TODAY", TODAY)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run signpost");
    let mut stdin = child.stdin.take().unwrap();
    if let Some(input) = input {
        // The program may stop before reading everything: that is for the test to judge.
        let _ = stdin.write_all(input.as_bytes());
    }
    drop(stdin);
    child.wait_with_output().unwrap()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\nstderr:\n{}", stdout(out), stderr(out)))
}

/// A directory (signpost.toml, postcodes, an empty `listings/`) in a temporary folder.
pub struct Dir {
    pub tmp: tempfile::TempDir,
    pub repo: Option<git2::Repository>,
}

impl Dir {
    /// A directory that is not a git repository. `freshness` is extra TOML, e.g. thresholds.
    pub fn plain(extra_toml: &str) -> Dir {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("data")).unwrap();
        std::fs::create_dir_all(root.join("listings")).unwrap();
        std::fs::copy(
            fixtures().join("data/postcodes.csv"),
            root.join("data/postcodes.csv"),
        )
        .unwrap();
        std::fs::write(
            root.join("signpost.toml"),
            format!(
                "title = \"Test\"\narea = \"Testshire\"\nbase_url = \"https://test.example.org/\"\n\
                 repository = \"https://github.com/test/directory\"\n\
                 [postcodes]\nfiles = [\"data/postcodes.csv\"]\n{extra_toml}"
            ),
        )
        .unwrap();
        std::fs::write(root.join(".gitignore"), ".signpost-cache/\n").unwrap();
        Dir { tmp, repo: None }
    }

    /// A directory that is a git repository (nothing committed yet).
    pub fn git() -> Dir {
        let mut d = Dir::plain("");
        d.repo = Some(git2::Repository::init(d.path()).unwrap());
        d
    }

    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    pub fn rename(&self, from: &str, to: &str) {
        let to_path = self.path().join(to);
        std::fs::create_dir_all(to_path.parent().unwrap()).unwrap();
        std::fs::rename(self.path().join(from), to_path).unwrap();
    }

    pub fn run(&self, args: &[&str]) -> Output {
        signpost(self.path(), args)
    }

    /// Commits the whole working tree (additions, changes, renames, deletions) as `name
    /// <email>` at noon UTC on `date` (YYYY-MM-DD), on the current branch.
    pub fn commit(&self, name: &str, email: &str, date: &str, message: &str) -> git2::Oid {
        let repo = self.repo.as_ref().expect("a git directory");
        let mut index = repo.index().unwrap();
        index
            .add_all(["*"].iter(), git2::IndexAddOption::DEFAULT, None)
            .unwrap();
        index.update_all(["*"].iter(), None).unwrap();
        index.write().unwrap();
        let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
        let sig = signature(name, email, date);
        let parents: Vec<git2::Commit> = match repo.head() {
            Ok(h) => vec![h.peel_to_commit().unwrap()],
            Err(_) => vec![],
        };
        let parents: Vec<&git2::Commit> = parents.iter().collect();
        repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
            .unwrap()
    }
}

/// A signature at noon UTC on `date`.
pub fn signature(name: &str, email: &str, date: &str) -> git2::Signature<'static> {
    let d: jiff::civil::Date = date.parse().unwrap();
    let secs = d
        .at(12, 0, 0, 0)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .unwrap()
        .timestamp()
        .as_second();
    git2::Signature::new(name, email, &git2::Time::new(secs, 0)).unwrap()
}

/// A valid listing with no warnings except freshness.
pub fn listing(name: &str, maintainers: &[&str], reviewed: &str) -> String {
    format!(
        "name: {name}\nsummary: A friendly group for testing.\nneeds: [loneliness-and-isolation]\n\
         venues:\n  - name: Library\n    postcode: CR0 1AA\n    access: [step-free]\n\
         contact:\n  phone: 020 8123 4567\nmaintainers: [{}]\nreviewed: {reviewed}\n",
        maintainers.join(", ")
    )
}

/// A temporary copy of `tests/fixtures/build` (two practices and a borough-wide site, with
/// listings at known distances) beside the shared `tests/fixtures/data`: the directory root is
/// `<temp>/build` and `build` writes to `<temp>/public`.
pub struct BuildFixture {
    temp: tempfile::TempDir,
}

impl BuildFixture {
    pub fn new() -> BuildFixture {
        let temp = tempfile::tempdir().unwrap();
        copy_dir(&fixtures().join("build"), &temp.path().join("build"));
        copy_dir(&fixtures().join("data"), &temp.path().join("data"));
        BuildFixture { temp }
    }

    /// The temporary folder holding `build/`, `data/` and `public/`.
    pub fn temp(&self) -> &Path {
        self.temp.path()
    }

    pub fn root(&self) -> PathBuf {
        self.temp.path().join("build")
    }

    pub fn out(&self) -> PathBuf {
        self.temp.path().join("public")
    }

    /// Adds TOML tables at the end of signpost.toml.
    pub fn append_config(&self, toml: &str) {
        let path = self.root().join("signpost.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(path, format!("{text}\n{toml}")).unwrap();
    }

    /// Adds top-level keys to signpost.toml (before its first table).
    pub fn top_level_config(&self, toml: &str) {
        let path = self.root().join("signpost.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        let at = text.find("\n[").expect("a table in signpost.toml") + 1;
        std::fs::write(path, format!("{}{toml}\n{}", &text[..at], &text[at..])).unwrap();
    }

    /// Adds `n` online services (`listings/online-course-NNN.yaml`, needs: adult-learning,
    /// each summary saying "origami"; number 7 also "calligraphy").
    pub fn add_online_services(&self, n: usize) {
        for i in 0..n {
            std::fs::write(
                self.root().join(format!("listings/online-course-{i:03}.yaml")),
                format!(
                    "name: Online Course {i}\nsummary: A video course, number {i}, about origami{}.\n\
                     needs: [adult-learning]\nonline: true\ncontact:\n  website: https://example.org/{i}\n\
                     maintainers: [fixture]\nreviewed: 2026-10-01\n",
                    if i == 7 { " and calligraphy" } else { "" }
                ),
            )
            .unwrap();
        }
    }

    /// `signpost build --out <temp>/public EXTRA…`.
    pub fn build(&self, extra: &[&str]) -> Output {
        let out = self.out();
        let mut args = vec!["build", "--out", out.to_str().unwrap()];
        args.extend_from_slice(extra);
        signpost(&self.root(), &args)
    }

    /// Builds, failing the test unless the build succeeds.
    pub fn built(&self) -> &BuildFixture {
        let out = self.build(&[]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        self
    }

    /// A built file, as text.
    pub fn read(&self, page: &str) -> String {
        std::fs::read_to_string(self.out().join(page)).unwrap_or_else(|e| panic!("{page}: {e}"))
    }
}

/// The repository root: the bundled Croydon directory.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled Croydon directory, loaded as of [`TODAY`].
pub fn croydon() -> signpost::directory::Directory {
    signpost::directory::load(
        &repo(),
        &signpost::directory::Options {
            today: Some(TODAY.parse().unwrap()),
            ..Default::default()
        },
    )
    .unwrap()
    .directory
}

/// The listing ids of a static search index (`<site>/search/index.json`), in its order.
pub fn index_ids(index: &serde_json::Value) -> Vec<&str> {
    index["docs"]
        .as_array()
        .expect("docs")
        .iter()
        .map(|d| d[0].as_str().expect("id"))
        .collect()
}

/// Node's version (`node --version`), for the tests that run the sites' JavaScript in Node.
///
/// When Node is missing, on a development machine: `None`, after printing that `what` was not
/// tested, so the caller returns early. When the `CI` variable is set a missing Node fails the
/// test instead: CI never passes without running them (`tests/run.sh` installs Node).
pub fn node(what: &str) -> Option<String> {
    let version = Command::new("node")
        .arg("--version")
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_string());
    if version.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "node is not installed and CI is set: {what} must be tested in CI \
             (tests/run.sh installs Node on Debian)"
        );
        eprintln!("SKIPPED: node is not installed; {what} was not tested");
    }
    version
}

/// A need's section of a site's home page (`<section class="need" id="<need>">`, up to its
/// end), which took the place of the need's own page; `None` when the page has none.
pub fn need_section<'a>(home: &'a str, need: &str) -> Option<&'a str> {
    let start = home.find(&format!("<section class=\"need\" id=\"{need}\">"))?;
    let end = home[start..].find("</section>")? + start;
    Some(&home[start..end])
}

/// Language `lang`'s part of a listing page, which holds every language (`<div
/// class="lang-page" id="<lang>">` … up to the next part or the end of the body).
pub fn part<'a>(html: &'a str, lang: &str) -> &'a str {
    let open = format!("<div class=\"lang-page\" id=\"{lang}\"");
    let start = html
        .find(&open)
        .unwrap_or_else(|| panic!("no part in `{lang}`"));
    let rest = &html[start + open.len()..];
    let end = rest
        .find("<div class=\"lang-page\"")
        .or_else(|| rest.rfind("</body>"))
        .unwrap_or(rest.len());
    &html[start..start + open.len() + end]
}

/// The facts of the site's listings that a shortlist page (`<site>/shortlist/index.html`)
/// carries for its script, `<script type="application/json" data-shortlist-facts>`, parsed.
pub fn shortlist_facts(page: &str) -> serde_json::Value {
    let open = "<script type=\"application/json\" data-shortlist-facts>";
    let start = page.find(open).expect("the shortlist facts") + open.len();
    let end = page[start..].find("</script>").expect("their end") + start;
    serde_json::from_str(&page[start..end]).expect("JSON")
}
