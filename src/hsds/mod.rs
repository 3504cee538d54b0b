//! Open data: a [`Directory`] as Open Referral UK / HSDS 3.1 objects (fully nested services,
//! taxonomies and taxonomy terms), and the files `signpost export` and `signpost build` write.
//!
//! The mapping from listing fields to HSDS fields is documented in `schema/FORMAT.md` ("How it
//! maps to Open Referral UK"). Every id is a UUID v5 in the [`NAMESPACE`], derived from the
//! listing's path (and, for the parts of a service, what the part is), so ids are stable across
//! builds and machines. Optional fields that are empty are left out, never `null`.
//!
//! This module only builds JSON values and writes files; answering HTTP requests is `api`.
//! Only published listings are exported (see [`Directory::published`]): expired and closed
//! listings are left out, as on the sites.
//!
//! Its parts, in the order a service is made and written:
//!
//! ```text
//! mod.rs          ids (UUID v5), when a listing last changed (History), the error type
//! obj.rs          the JSON object builder that leaves empty values out
//! taxonomy.rs     the three taxonomies (needs, activities, audiences) and their terms
//! service.rs      a listing → a fully nested service (organisation, contacts, locations, …)
//! schedules.rs    sessions → HSDS schedules, worded by the English interface text (i18n)
//! views.rs        the list items and page envelopes the API and services.json use
//! write.rs        the files: HSDS JSON, NDJSON, attribution and licence, written atomically
//! spreadsheet.rs  service_at_locations.csv
//! ```

mod obj;
mod schedules;
mod service;
mod spreadsheet;
mod taxonomy;
mod views;
mod write;

use std::collections::HashMap;
use std::path::PathBuf;

use jiff::Timestamp;
use uuid::Uuid;

use crate::diagnostics::Help;
use crate::directory::Directory;
use crate::model::Listing;

pub use service::{Dataset, build_services, dataset, markdown_to_text, service};
pub use spreadsheet::CSV_COLUMNS;
pub use taxonomy::{Taxonomy, Term, term_id, terms};
pub use views::{page, service_at_location_full, service_at_location_list_item, service_list_item};
pub use write::{ExportFormat, write, write_static};

/// The namespace of every Signpost UUID: itself the UUID v5 of the project's repository address
/// in the URL namespace. Never change it: every published id depends on it.
pub const NAMESPACE: Uuid = Uuid::from_u128(0x81dd87c2_e710_5070_bfcc_36d6ca832557);

/// The HSDS version the objects follow, and the Open Referral UK profile they also validate
/// against (see `tests/schemas/PROVENANCE.md`).
pub const HSDS_VERSION: &str = "3.1";
pub const ORUK_PROFILE: &str = "https://github.com/OpenReferralUK/uk-profile";

/// The UUID of a thing: `kind` says what it is (`service`, `location`...), `key` which one.
pub fn uuid(kind: &str, key: &str) -> String {
    Uuid::new_v5(&NAMESPACE, format!("signpost:{kind}:{key}").as_bytes()).to_string()
}

/// The key of a listing: its path relative to the directory root, with `/` separators.
fn path_key(listing: &Listing) -> String {
    listing
        .path
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The UUID of a listing's service.
pub fn service_id(listing: &Listing) -> String {
    uuid("service", &path_key(listing))
}

/// The UUID of an organisation, from its name (case and spacing do not matter).
pub fn organization_id(name: &str) -> String {
    uuid("organization", &normalise_name(name))
}

fn normalise_name(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// When each listing last changed, by path relative to the directory root.
///
/// This is the hook for git history: the module that reads it fills `modified`; a listing
/// missing from it (and every listing until then) uses its `reviewed` date at midnight UTC.
#[derive(Clone, Debug, Default)]
pub struct History {
    pub modified: HashMap<PathBuf, Timestamp>,
}

impl History {
    /// The last change of every listing file, from the directory's git history (none without
    /// git), at midnight UTC of the author's date.
    pub fn of(directory: &Directory) -> History {
        let modified = directory
            .listings
            .iter()
            .filter_map(|l| {
                let changed = directory.file_history(l)?.changed();
                let at = changed.to_zoned(jiff::tz::TimeZone::UTC).ok()?.timestamp();
                Some((l.path.clone(), at))
            })
            .collect();
        History { modified }
    }

    /// When the listing last changed: from history when known, else its `reviewed` date.
    pub fn last_modified(&self, listing: &Listing) -> Timestamp {
        self.modified
            .get(&listing.path)
            .copied()
            .unwrap_or_else(|| {
                listing
                    .reviewed
                    .to_zoned(jiff::tz::TimeZone::UTC)
                    .map(|z| z.timestamp())
                    .unwrap_or(Timestamp::UNIX_EPOCH)
            })
    }
}

/// `2026-10-01T00:00:00.000Z`: RFC 3339 with milliseconds, as HSDS asks.
pub fn format_timestamp(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// Why open data could not be written: what was being done, to which path, and the cause.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot create {}: {source}", path.display())]
    Create {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {}: {source}", path.display())]
    Csv { path: PathBuf, source: csv::Error },
    #[error("{} is not a folder name", path.display())]
    NotAFolder { path: PathBuf },
    #[error("{} exists and is not an earlier export", path.display())]
    NotAnExport { path: PathBuf },
    #[error("cannot move {} aside: {source}", path.display())]
    MoveAside {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot move the export into {}: {source}", path.display())]
    MoveIn {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl Error {
    /// A failed write of `path`.
    fn write(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
        move |source| Error::Write {
            path: path.to_path_buf(),
            source,
        }
    }

    /// A failed creation of the folder `path`.
    fn create(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
        move |source| Error::Create {
            path: path.to_path_buf(),
            source,
        }
    }
}

impl Help for Error {
    fn help(&self) -> Option<String> {
        match self {
            Error::NotAnExport { .. } => Some("choose an empty or new folder".into()),
            Error::NotAFolder { .. } => {
                Some("give the folder to write, such as `open-data`".into())
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_path_and_the_cause_once_and_say_what_to_do() {
        use crate::diagnostics::error_text;
        let e = Error::NotAnExport {
            path: "open-data".into(),
        };
        assert_eq!(
            error_text(&e),
            "error: open-data exists and is not an earlier export\n\
             help: choose an empty or new folder"
        );
        let denied = std::io::Error::new(std::io::ErrorKind::PermissionDenied, "denied");
        let e = Error::write(std::path::Path::new("out/services.json"))(denied);
        assert_eq!(
            error_text(&e),
            "error: cannot write out/services.json: denied"
        );
    }

    #[test]
    fn ids_are_uuid_v5_in_the_signpost_namespace_and_never_change() {
        // Pinned: changing the namespace or the key format would change every published id.
        assert_eq!(
            NAMESPACE,
            Uuid::new_v5(
                &Uuid::NAMESPACE_URL,
                b"https://github.com/signpost-directory/signpost"
            )
        );
        let id = uuid("service", "listings/norbury/youth-loft-homework-club.yaml");
        assert_eq!(
            id,
            uuid("service", "listings/norbury/youth-loft-homework-club.yaml")
        );
        assert_eq!(Uuid::parse_str(&id).unwrap().get_version_num(), 5);
        assert_ne!(
            id,
            uuid("location", "listings/norbury/youth-loft-homework-club.yaml")
        );
        assert_eq!(
            organization_id("Friends of  Thornton Heath Library"),
            organization_id("friends of thornton heath library")
        );
        assert_eq!(
            term_id(Taxonomy::Needs, "bereavement"),
            "418c217b-9df2-59e8-b659-315d818bf76f"
        );
    }
}
