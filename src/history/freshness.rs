//! The freshness rule: when a listing was last confirmed, from its `reviewed` date and the
//! changes its own maintainers made (stated in full in the module documentation of `history`).
//!
//! Not for deciding what a stale listing means for the sites: that is `validate`,
//! `directory` and the `stale` command.

use jiff::civil::Date;

use super::{Change, FileHistory};

/// How a listing was last confirmed.
#[derive(Clone, Debug, PartialEq)]
pub enum ConfirmedBy {
    /// By its `reviewed` date.
    Reviewed,
    /// By a change one of its maintainers made.
    Change(Change),
}

/// When a listing was last confirmed, and how.
#[derive(Clone, Debug, PartialEq)]
pub struct Confirmed {
    pub date: Date,
    pub by: ConfirmedBy,
}

/// The freshness rule (see the module documentation): the later of `reviewed` and the last
/// change to the file by one of `maintainers`.
pub fn last_confirmed(
    reviewed: Date,
    maintainers: &[String],
    file: Option<&FileHistory>,
) -> Confirmed {
    match file.and_then(|f| f.last_change_by(maintainers)) {
        Some(c) if c.date > reviewed => Confirmed {
            date: c.date,
            by: ConfirmedBy::Change(c.clone()),
        },
        _ => Confirmed {
            date: reviewed,
            by: ConfirmedBy::Reviewed,
        },
    }
}
