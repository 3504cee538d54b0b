//! Addresses on GitHub for the sites' links: edit a listing, report a problem, add a group.
//!
//! Not for checking that the repository exists: these only build addresses.

use std::path::Path;

use super::git_path;

/// The address of GitHub's web editor for a file, for an "Edit this listing" link.
/// `repository` is the repository's web address (`repository` in signpost.toml).
pub fn edit_url(repository: &str, branch: &str, path: &Path) -> String {
    format!(
        "{}/edit/{}/{}",
        repository.trim_end_matches('/'),
        branch,
        url_path(&crate::diagnostics::slash_path(path))
    )
}

/// The address of the "Report a problem with a listing" issue form, prefilled with the id.
pub fn report_url(repository: &str, id: &str) -> String {
    format!(
        "{}/issues/new?template=report-problem.yml&listing={}",
        repository.trim_end_matches('/'),
        url_path(id).replace('/', "%2F")
    )
}

/// The address of the "Still correct" issue form, prefilled with the listing's id: the one
/// step a group takes to confirm its listing (see [`crate::confirm`]).
pub fn confirm_url(repository: &str, id: &str) -> String {
    format!(
        "{}/issues/new?template=still-correct.yml&listing={}",
        repository.trim_end_matches('/'),
        url_path(id).replace('/', "%2F")
    )
}

/// The address of GitHub's "new file" page in `folder` (the listings folder), for the "Add
/// your group" page, which adds `?filename=<id>.yaml&value=<the listing>` in the browser.
pub fn new_file_url(repository: &str, branch: &str, folder: &Path) -> String {
    let folder = git_path(folder);
    format!(
        "{}/new/{}/{}",
        repository.trim_end_matches('/'),
        branch,
        url_path(&folder)
    )
}

/// The address of the "Add our group" issue form, for people who would rather fill that in.
pub fn add_group_url(repository: &str) -> String {
    format!(
        "{}/issues/new?template=add-group.yml",
        repository.trim_end_matches('/')
    )
}

/// Percent-encodes what may not appear in a URL path segment (keeps `/`).
fn url_path(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_for_the_site() {
        assert_eq!(
            edit_url(
                "https://github.com/o/r/",
                "main",
                Path::new("listings/a b/x.yaml")
            ),
            "https://github.com/o/r/edit/main/listings/a%20b/x.yaml"
        );
        assert_eq!(
            report_url("https://github.com/o/r", "knit-and-natter"),
            "https://github.com/o/r/issues/new?template=report-problem.yml&listing=knit-and-natter"
        );
        assert_eq!(
            new_file_url("https://github.com/o/r/", "main", Path::new("./listings/")),
            "https://github.com/o/r/new/main/listings"
        );
        assert_eq!(
            add_group_url("https://github.com/o/r"),
            "https://github.com/o/r/issues/new?template=add-group.yml"
        );
    }
}
