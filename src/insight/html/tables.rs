//! The report's tables: the needs (on the overview), and the wards and practices with their
//! figures, which carry everything the maps show for people who cannot see them.
//!
//! On a phone (390 px) a table scrolls sideways inside its own region, so the column people
//! look for, the gap, comes straight after the area's name, where it is seen without
//! scrolling. Ward rows carry the ward's number on the maps. Not for the maps
//! ([`super::maps`]).

use std::fmt::Write as _;

use super::{AreaReport, Counts, Report};
use crate::html::escape;

/// What a table's gap column shows.
pub(super) enum Column {
    /// The number of needs with a gap.
    GapCount,
    /// Whether need `i` is a gap.
    Gap(usize),
}

/// The overview's table of needs: each need's page, and how many wards and practices have a
/// gap for it.
pub(super) fn needs_table(report: &Report) -> String {
    let mut out = String::new();
    out.push_str("<h2 id=\"needs\">Needs</h2>\n<p>Each need has its own page with a map.</p>\n");
    out.push_str(
        "<table>\n<caption>Needs: how many wards and practices have no free group within a \
         walk</caption>\n<thead><tr><th scope=\"col\">Need</th>\
         <th scope=\"col\">Wards with a gap</th><th scope=\"col\">Practices with a gap</th>\
         </tr></thead>\n<tbody>\n",
    );
    for (i, need) in report.needs.iter().enumerate() {
        let wards = report.wards.iter().filter(|w| w.needs[i].gap).count();
        let practices = report.practices.iter().filter(|p| p.needs[i].gap).count();
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\"><a href=\"{id}.html\">{label}</a></th><td>{wards} of {nw}</td>\
             <td>{practices} of {np}</td></tr>",
            id = escape(&need.id),
            label = escape(&need.label),
            nw = report.wards.len(),
            np = report.practices.len(),
        );
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// A table of wards or of practices (`areas`), with the `counts` of each and its `gap`
/// column second; a column of made-up examples last when the directory has any.
pub(super) fn area_table(
    report: &Report,
    areas: &[AreaReport],
    caption: &str,
    id: &str,
    counts: impl Fn(&AreaReport) -> Counts,
    gap: Column,
) -> String {
    let is_wards = areas
        .first()
        .is_some_and(|a| a.kind == super::AreaKind::Ward);
    let examples = report.examples > 0;
    let mut out = String::new();
    let _ = write!(
        out,
        "<div class=\"scroll\" role=\"region\" aria-labelledby=\"{id}-caption\" tabindex=\"0\">\n\
         <table id=\"{id}\">\n<caption id=\"{id}-caption\">{caption}</caption>\n<thead><tr>\
         <th scope=\"col\">{first}</th><th scope=\"col\" class=\"gap-col\">{gap_head}</th>\
         {ward_col}<th scope=\"col\">IMD score</th>\
         <th scope=\"col\">Deprivation rank</th><th scope=\"col\">Groups within a walk</th>\
         <th scope=\"col\">Free</th><th scope=\"col\">Evenings or weekends</th>\
         <th scope=\"col\">Available everywhere</th>{examples_col}</tr></thead>\n<tbody>\n",
        caption = escape(caption),
        first = if is_wards {
            "Ward (number on the maps)"
        } else {
            "Practice"
        },
        ward_col = if is_wards {
            ""
        } else {
            "<th scope=\"col\">Ward</th>"
        },
        gap_head = match gap {
            Column::GapCount => "Needs with no free group",
            Column::Gap(_) => "Gap",
        },
        examples_col = if examples {
            "<th scope=\"col\">Made-up examples (not counted)</th>"
        } else {
            ""
        },
    );
    for (n, area) in areas.iter().enumerate() {
        let c = counts(area);
        let (score, rank) = match &area.deprivation {
            Some(d) => (
                format!("{:.1}", d.score),
                format!("{} of {}", d.rank, report.wards.len()),
            ),
            None => ("–".into(), "–".into()),
        };
        let gap_cell = match gap {
            Column::GapCount => format!("{} of {}", area.gaps.len(), report.needs.len()),
            Column::Gap(i) if area.needs[i].gap => {
                "<strong class=\"gap\">No free group</strong>".into()
            }
            Column::Gap(_) => "–".into(),
        };
        let _ = writeln!(
            out,
            "<tr id=\"{kind}-{aid}\"><th scope=\"row\">{number}{name}</th><td>{gap_cell}</td>\
             {ward}<td>{score}</td><td>{rank}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
             {examples}</tr>",
            c.reachable,
            c.free,
            c.evening_or_weekend,
            c.everywhere,
            kind = if is_wards { "ward" } else { "site" },
            aid = escape(&area.id),
            number = if is_wards {
                format!("<span class=\"num\">{}</span> ", n + 1)
            } else {
                String::new()
            },
            name = escape(&area.name),
            ward = if is_wards {
                String::new()
            } else {
                format!("<td>{}</td>", escape(area.ward.as_deref().unwrap_or("–")))
            },
            examples = if examples {
                format!("<td>{}</td>", c.examples)
            } else {
                String::new()
            },
        );
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
    out
}
