//! The freshness rule: when a listing was last confirmed, from its `reviewed` date and the
//! changes its own maintainers made (stated in full in the module documentation of `history`),
//! and how many whole months ago that was.
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

/// Whole months from `from` to `to` (calendar months, rounded down).
pub fn months_between(from: Date, to: Date) -> i32 {
    let mut months =
        (to.year() as i32 - from.year() as i32) * 12 + (to.month() as i32 - from.month() as i32);
    if to.day() < from.day() {
        months -= 1;
    }
    months
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::history::Author;

    #[test]
    fn a_later_change_by_a_maintainer_confirms_and_anything_else_leaves_reviewed() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let change = |date, name: &str, email: &str| Change {
            date: d(date),
            author: Arc::new(Author::from_signature(name, email)),
        };
        let file = FileHistory {
            changes: vec![
                change("2026-03-01", "Volunteer", "v@example.org"),
                change("2026-02-01", "Jo", "7+jo-b@users.noreply.github.com"),
            ],
        };
        let maintainers = ["@Jo-B".to_string()];
        let confirmed = last_confirmed(d("2026-01-01"), &maintainers, Some(&file));
        assert_eq!(confirmed.date, d("2026-02-01"));
        assert_eq!(confirmed.by, ConfirmedBy::Change(file.changes[1].clone()));
        let reviewed_later = last_confirmed(d("2026-02-02"), &maintainers, Some(&file));
        assert_eq!(reviewed_later.by, ConfirmedBy::Reviewed);
        assert_eq!(reviewed_later.date, d("2026-02-02"));
        let no_git = last_confirmed(d("2026-01-01"), &maintainers, None);
        assert_eq!(no_git.date, d("2026-01-01"));
        assert_eq!(no_git.by, ConfirmedBy::Reviewed);
    }

    #[test]
    fn months_are_whole_calendar_months_rounded_down() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!(months_between(d("2026-05-22"), d("2026-11-22")), 6);
        assert_eq!(months_between(d("2026-05-23"), d("2026-11-22")), 5);
        assert_eq!(months_between(d("2025-11-22"), d("2026-11-22")), 12);
    }
}
