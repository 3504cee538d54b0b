//! The gaps report as HTML: an overview page (`index.html`) and one page per need
//! (`<need-id>.html`), each with SVG choropleths of the wards drawn from the boundaries at
//! build time ([`maps`]), and tables that carry the same figures for people who cannot see
//! the maps ([`tables`]); beside them the report's style sheet (`report.css`) and its figures
//! as CSV (`gaps.csv`), which every page links.
//!
//! Plain string building with [`escape`] on every value from data; no scripts, no map tiles,
//! nothing from another origin, no inline style: every page carries a Content-Security-Policy
//! like the sites' ([`CSP`]). Every page links back to the site the report belongs to
//! ([`SiteLink`]). This module only draws a [`Report`]; the figures come from
//! [`crate::insight`].

mod maps;
mod tables;

use std::fmt::Write as _;
use std::path::Path;

use super::{AreaKind, AreaReport, Counts, Error, Need, Report, Shape};
use crate::html::escape;
use maps::{Outlines, maps};
use tables::{Column, area_table, needs_table};

/// The report's style sheet, written beside the pages as `report.css`.
const STYLE: &str = include_str!("report.css");

/// The Content-Security-Policy of every report page: the sites' policy (see the theme's
/// `base.html`) less what the report does not use: no scripts, fetches, fonts or forms.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

/// The site a report page links back to: its name and the address of its home page.
#[derive(Clone, Debug)]
pub struct SiteLink {
    pub name: String,
    pub href: String,
}

/// What every page of one report shares: the data attribution and the site it links back to.
struct Frame<'a> {
    attribution: Option<&'a str>,
    site: &'a SiteLink,
}

/// Writes `index.html`, one page per need, `report.css` and `gaps.csv` into `out_dir`
/// (created if missing); every page links back to `site`.
pub fn write(
    report: &Report,
    attribution: Option<&str>,
    site: &SiteLink,
    out_dir: &Path,
) -> Result<(), Error> {
    std::fs::create_dir_all(out_dir).map_err(Error::create(out_dir))?;
    let write = |name: &str, text: String| {
        let path = out_dir.join(name);
        crate::staging::write(&path, text).map_err(Error::write(&path))
    };
    let frame = Frame { attribution, site };
    // Every page draws the same wards: their outlines are worked out once.
    let outlines = Outlines::of(report);
    write("index.html", overview(report, &outlines, &frame))?;
    for (i, need) in report.needs.iter().enumerate() {
        write(
            &format!("{}.html", need.id),
            need_page(report, &outlines, i, &frame),
        )?;
    }
    write("report.css", STYLE.to_string())?;
    write("gaps.csv", super::export::csv(report)?)?;
    Ok(())
}

/// The overview page: the intro, the maps of all groups, the needs, the wards, the gaps in
/// the most deprived wards and the GP practices.
fn overview(report: &Report, outlines: &Outlines, frame: &Frame) -> String {
    let mut body = String::new();
    let _ = write!(
        body,
        "<h1>Where are the gaps? Community groups in {area}</h1>\n{intro}",
        area = escape(&report.area),
        intro = intro(report),
    );
    body.push_str("<h2>Groups within a walk of each ward</h2>\n");
    body.push_str(&maps(
        report,
        outlines,
        &ward_totals(report),
        "Map of the wards shaded by the number of groups within a walk (any need)",
    ));
    body.push_str(&needs_table(report));
    body.push_str("<h2 id=\"wards\">Wards</h2>\n");
    body.push_str(&area_table(
        report,
        &report.wards,
        "Wards, most deprived first: groups within a walk (any need) and the number of needs with no free group",
        "wards-table",
        |a| a.total,
        Column::GapCount,
    ));
    body.push_str(&deprived_gaps(report));
    body.push_str("<h2 id=\"practices\">GP practices</h2>\n");
    body.push_str(&area_table(
        report,
        &report.practices,
        "GP practices: groups within a walk of the surgery (any need) and the number of needs with no free group",
        "practices-table",
        |a| a.total,
        Column::GapCount,
    ));
    page(
        &format!("Where are the gaps? {}", report.area),
        report,
        &body,
        frame,
    )
}

/// Per ward, for the overview's map: the number of groups within a walk (any need), and the
/// text after its name: groups, free ones, and how many needs have no free group.
fn ward_totals(report: &Report) -> Vec<(usize, String)> {
    report
        .wards
        .iter()
        .map(|w| {
            let gaps = w.gaps.len();
            (
                w.total.reachable,
                format!(
                    "{}, {} free; {gaps} need{} with no free group",
                    groups(w.total.reachable),
                    w.total.free,
                    if gaps == 1 { "" } else { "s" }
                ),
            )
        })
        .collect()
}

/// The overview's list of the needs with a gap in each of the five most deprived wards.
fn deprived_gaps(report: &Report) -> String {
    let mut out = String::from("<h2 id=\"deprived-gaps\">Gaps in the most deprived wards</h2>\n");
    for ward in report
        .wards
        .iter()
        .filter(|w| w.deprivation.is_some())
        .take(5)
    {
        let _ = writeln!(out, "<h3>{}</h3>", escape(&ward.name));
        if ward.gaps.is_empty() {
            out.push_str("<p>Every need has a free group within a walk.</p>\n");
        } else {
            out.push_str("<ul class=\"gaps\">\n");
            for gap in &ward.gaps {
                let label = need_label(&report.needs, gap);
                let _ = writeln!(
                    out,
                    "<li><a href=\"{}.html\">{}</a></li>",
                    escape(gap),
                    escape(label)
                );
            }
            out.push_str("</ul>\n");
        }
    }
    out
}

/// The page for `report.needs[i]`.
fn need_page(report: &Report, outlines: &Outlines, i: usize, frame: &Frame) -> String {
    let need = &report.needs[i];
    let mut body = String::new();
    let _ = write!(
        body,
        "<p class=\"crumbs\"><a href=\"index.html\">All needs</a></p>\n\
         <h1>{label}: where are the gaps?</h1>\n{intro}",
        label = escape(&need.label),
        intro = intro(report),
    );
    let counts: Vec<(usize, String)> = report
        .wards
        .iter()
        .map(|w| {
            let c = w.needs[i].counts;
            let gap = if w.needs[i].gap {
                "; no free group"
            } else {
                ""
            };
            (
                c.reachable,
                format!("{}, {} free{gap}", groups(c.reachable), c.free),
            )
        })
        .collect();
    let gaps = report.wards.iter().filter(|w| w.needs[i].gap).count();
    let _ = writeln!(
        body,
        "<p>{gaps} of {n} wards and {pg} of {np} GP practices have no free group for this need \
         within a walk.</p>",
        n = report.wards.len(),
        pg = report.practices.iter().filter(|p| p.needs[i].gap).count(),
        np = report.practices.len(),
    );
    body.push_str("<h2>Groups within a walk of each ward</h2>\n");
    body.push_str(&maps(
        report,
        outlines,
        &counts,
        &format!(
            "Map of the wards shaded by the number of groups for {} within a walk",
            need.label
        ),
    ));
    body.push_str("<h2 id=\"wards\">Wards</h2>\n");
    body.push_str(&area_table(
        report,
        &report.wards,
        &format!("Wards, most deprived first: groups for {}", need.label),
        "wards-table",
        |a| a.needs[i].counts,
        Column::Gap(i),
    ));
    body.push_str("<h2 id=\"practices\">GP practices</h2>\n");
    body.push_str(&area_table(
        report,
        &report.practices,
        &format!("GP practices: groups for {}", need.label),
        "practices-table",
        |a| a.needs[i].counts,
        Column::Gap(i),
    ));
    page(
        &format!("{}: where are the gaps? {}", need.label, report.area),
        report,
        &body,
        frame,
    )
}

fn need_label<'a>(needs: &'a [Need], id: &'a str) -> &'a str {
    needs
        .iter()
        .find(|n| n.id == id)
        .map_or(id, |n| n.label.as_str())
}

fn intro(report: &Report) -> String {
    let real = report.listings - report.examples;
    let (published, counted) = if report.examples == 0 {
        (
            format!("{} published", groups(report.listings)),
            format!("the {}", groups(real)),
        )
    } else {
        (
            format!(
                "{} published, of which {} for this demonstration",
                groups(report.listings),
                if report.examples == 1 {
                    "1 is a made-up example".to_string()
                } else {
                    format!("{} are made-up examples", report.examples)
                }
            ),
            format!(
                "the {} real {}",
                real,
                if real == 1 { "group" } else { "groups" }
            ),
        )
    };
    let examples = if report.examples == 0 {
        String::new()
    } else {
        "<p>The made-up examples are left out of every figure, map and gap: a gap is a need \
         that no real group meets. The tables show them apart, in their last column.</p>\n"
            .to_string()
    };
    format!(
        "<p class=\"published\">In the directory on {today}: {published}.</p>\n\
         <p>For each ward and GP practice: how many of {counted} are within a walk, \
         how many of those are free, and how many meet in the evening or at the weekend. A \
         <strong>gap</strong> is a need with no free group within a walk. Groups \
         online, by phone or serving the whole area, and those limited to wards a practice's \
         walk reaches (or to the ward itself), are counted apart, as “available everywhere”, \
         as the sites list them apart.</p>\n{examples}\
         <p><a href=\"gaps.csv\" download>Download the figures as a spreadsheet (gaps.csv: one \
         row per ward or practice and need)</a></p>\n\
         <details><summary>How the figures are worked out</summary>\n<ul>\n\
         <li>Walking time is the straight-line distance times 1.3, at 4.8 km/h.</li>\n\
         <li>From a ward: {ward_reach}; the radius is {minutes} minutes.</li>\n\
         <li>From a GP practice: {practice_reach}.</li>\n\
         <li>Evenings or weekends: {evening}.</li>\n\
         <li>Made-up examples: {examples_rule}.</li>\n\
         <li>Deprivation: English Indices of Deprivation 2019; a ward's score is {deprivation}. \
         Rank 1 is the most deprived ward.</li>\n</ul>\n</details>\n",
        today = escape(&report.today),
        published = escape(&published),
        counted = escape(&counted),
        ward_reach = escape(report.rules.ward_reach),
        minutes = report.rules.ward_walk_minutes,
        practice_reach = escape(report.rules.practice_reach),
        evening = escape(report.rules.evening_or_weekend),
        examples_rule = escape(report.rules.examples),
        deprivation = escape(&report.rules.deprivation),
    )
}

/// "1 group", "3 groups".
fn groups(n: usize) -> String {
    format!("{n} group{}", if n == 1 { "" } else { "s" })
}

/// A whole page around `body`: the head with the policy and the style sheet, a header with
/// the link back to the site, and a footer with the attribution.
fn page(title: &str, report: &Report, body: &str, frame: &Frame) -> String {
    let mut footer = String::new();
    if let Some(text) = frame.attribution {
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let _ = writeln!(footer, "<p>{}</p>", escape(line));
        }
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <title>{title}</title>\n<link rel=\"icon\" href=\"data:,\">\n\
         <link rel=\"stylesheet\" href=\"report.css\">\n</head>\n<body>\n\
         <a class=\"skip\" href=\"#main\">Skip to the report</a>\n\
         <header><p>{directory}</p>\n<p><a class=\"back\" href=\"{href}\">Back to {site}</a></p></header>\n\
         <main id=\"main\">\n{body}</main>\n\
         <footer>\n<p>Made by Signpost from the directory's listings on {today}.</p>\n{footer}</footer>\n\
         </body>\n</html>\n",
        title = escape(title),
        directory = escape(&report.title),
        href = escape(&frame.site.href),
        site = escape(&frame.site.name),
        today = escape(&report.today),
    )
}

#[cfg(test)]
mod tests {
    use super::maps::{MAP_WIDTH, SMALL_WIDTH};
    use super::*;

    #[test]
    fn the_style_sheet_fits_the_maps_it_styles() {
        assert!(STYLE.contains(&format!(".map-wide{{max-width:{MAP_WIDTH}px}}")));
        assert!(STYLE.contains(&format!(".map-small{{max-width:{SMALL_WIDTH}px}}")));
    }
}
