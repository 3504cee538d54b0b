//! The gaps report as HTML: an overview page (`index.html`) and one page per need
//! (`<need-id>.html`), each with an SVG choropleth of the wards drawn from the boundaries at
//! build time, and tables that carry the same figures for people who cannot see the map.
//!
//! Plain string building with [`escape`] on every value from data; no scripts, no map tiles,
//! no external files: each page is self-contained. This module only draws a
//! [`Report`]; the figures come from [`crate::insight`].

use std::fmt::Write as _;
use std::path::Path;

use super::{AreaReport, Counts, Error, Need, Report, Shape};
use crate::html::escape;
use crate::place::LatLon;

/// Width of the main map, in SVG units.
const MAP_WIDTH: f64 = 560.0;
/// Width of the small deprivation map.
const SMALL_WIDTH: f64 = 300.0;

/// Fill for areas with no group, then four classes of more and more groups (ColorBrewer
/// Blues, darker is more).
const NONE_FILL: &str = "#fdd49e";
const COUNT_FILLS: [&str; 4] = ["#c6dbef", "#6baed6", "#2171b5", "#08306b"];
/// Deprivation fifths, least to most deprived (ColorBrewer Purples).
const DEPRIVATION_FILLS: [&str; 5] = ["#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"];
const NO_DATA_FILL: &str = "#d9d9d9";

/// Writes `index.html` and one page per need into `out_dir` (created if missing).
pub fn write(report: &Report, attribution: Option<&str>, out_dir: &Path) -> Result<(), Error> {
    std::fs::create_dir_all(out_dir).map_err(Error::create(out_dir))?;
    let write = |name: &str, text: String| {
        let path = out_dir.join(name);
        std::fs::write(&path, text).map_err(Error::write(&path))
    };
    // Every page draws the same wards: their outlines are worked out once.
    let outlines = Outlines::of(report);
    write("index.html", overview(report, &outlines, attribution))?;
    for (i, need) in report.needs.iter().enumerate() {
        write(
            &format!("{}.html", need.id),
            need_page(report, &outlines, i, attribution),
        )?;
    }
    Ok(())
}

/// The wards' outlines as SVG path data, at the two sizes the pages draw them.
struct Outlines {
    wide: Outline,
    small: Outline,
}

impl Outlines {
    fn of(report: &Report) -> Outlines {
        Outlines {
            wide: Outline::of(&report.shapes, MAP_WIDTH),
            small: Outline::of(&report.shapes, SMALL_WIDTH),
        }
    }
}

/// Ward outlines projected to fit a width: the drawing's size and each ward's path data.
struct Outline {
    width: f64,
    height: f64,
    paths: Vec<String>,
}

impl Outline {
    fn of(shapes: &[Shape], width: f64) -> Outline {
        let projection = Projection::fit(shapes, width);
        let paths = shapes
            .iter()
            .map(|shape| {
                let mut d = String::new();
                for ring in &shape.rings {
                    let mut last = None;
                    for (j, at) in ring.iter().enumerate() {
                        let (x, y) = projection.point(*at);
                        let p = ((x * 10.0).round() as i64, (y * 10.0).round() as i64);
                        if last == Some(p) {
                            continue;
                        }
                        last = Some(p);
                        let command = if j == 0 { "M" } else { "L" };
                        let _ = write!(d, "{command}{} {}", tenths(p.0), tenths(p.1));
                    }
                    d.push('Z');
                }
                d
            })
            .collect();
        Outline {
            width: projection.width,
            height: projection.height,
            paths,
        }
    }
}

/// The overview page: the intro, the maps of all groups, the needs, the wards, the gaps in
/// the most deprived wards and the GP practices.
fn overview(report: &Report, outlines: &Outlines, attribution: Option<&str>) -> String {
    let mut body = String::new();
    let _ = write!(
        body,
        "<h1>Where are the gaps? Community groups in {area}</h1>\n{intro}",
        area = escape(&report.area),
        intro = intro(report),
    );
    body.push_str("<h2>Groups within walking distance of each ward</h2>\n");
    body.push_str(&maps(
        report,
        outlines,
        &ward_totals(report),
        "Map of the wards shaded by the number of groups within walking distance (any need)",
    ));
    body.push_str(&needs_table(report));
    body.push_str("<h2 id=\"wards\">Wards</h2>\n");
    body.push_str(&area_table(
        report,
        &report.wards,
        "Wards, most deprived first: groups within walking distance (any need) and the number of needs with no free group",
        "wards-table",
        |a| a.total,
        Column::GapCount,
    ));
    body.push_str(&deprived_gaps(report));
    body.push_str("<h2 id=\"practices\">GP practices</h2>\n");
    body.push_str(&area_table(
        report,
        &report.practices,
        "GP practices: groups within walking distance of the surgery (any need) and the number of needs with no free group",
        "practices-table",
        |a| a.total,
        Column::GapCount,
    ));
    page(
        &format!("Where are the gaps? {}", report.area),
        report,
        &body,
        attribution,
    )
}

/// Per ward, for the overview's map: the number of groups within reach (any need), and the
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

/// The overview's table of needs: each need's page, and how many wards and practices have a
/// gap for it.
fn needs_table(report: &Report) -> String {
    let mut out = String::new();
    out.push_str("<h2 id=\"needs\">Needs</h2>\n<p>Each need has its own page with a map.</p>\n");
    out.push_str(
        "<table>\n<caption>Needs: how many wards and practices have no free group within \
         walking distance</caption>\n<thead><tr><th scope=\"col\">Need</th>\
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
            out.push_str("<p>Every need has a free group within walking distance.</p>\n");
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
fn need_page(report: &Report, outlines: &Outlines, i: usize, attribution: Option<&str>) -> String {
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
         within walking distance.</p>",
        n = report.wards.len(),
        pg = report.practices.iter().filter(|p| p.needs[i].gap).count(),
        np = report.practices.len(),
    );
    body.push_str("<h2>Groups within walking distance of each ward</h2>\n");
    body.push_str(&maps(
        report,
        outlines,
        &counts,
        &format!(
            "Map of the wards shaded by the number of groups for {} within walking distance",
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
        attribution,
    )
}

fn need_label<'a>(needs: &'a [Need], id: &'a str) -> &'a str {
    needs
        .iter()
        .find(|n| n.id == id)
        .map_or(id, |n| n.label.as_str())
}

fn intro(report: &Report) -> String {
    format!(
        "<p>For each ward and GP practice: how many of the {n} groups published in the \
         directory on {today} are within walking distance, how many of those are free, and \
         how many meet in the evening or at the weekend. A <strong>gap</strong> is a need with \
         no free group within walking distance. Groups online, by phone or serving the whole \
         area are counted apart, as “available everywhere”.</p>\n\
         <details><summary>How the figures are worked out</summary>\n<ul>\n\
         <li>Walking time is the straight-line distance times 1.3, at 4.8 km/h.</li>\n\
         <li>From a ward: {ward_reach}; the radius is {minutes} minutes.</li>\n\
         <li>From a GP practice: {practice_reach}.</li>\n\
         <li>Evenings or weekends: {evening}.</li>\n\
         <li>Deprivation: English Indices of Deprivation 2019; a ward's score is {deprivation}. \
         Rank 1 is the most deprived ward.</li>\n</ul>\n</details>\n",
        n = report.listings,
        today = escape(&report.today),
        ward_reach = escape(report.rules.ward_reach),
        minutes = report.rules.ward_walk_minutes,
        practice_reach = escape(report.rules.practice_reach),
        evening = escape(report.rules.evening_or_weekend),
        deprivation = escape(&report.rules.deprivation),
    )
}

enum Column {
    /// The number of needs with a gap.
    GapCount,
    /// Whether need `i` is a gap.
    Gap(usize),
}

fn area_table(
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
    let mut out = String::new();
    let _ = write!(
        out,
        "<div class=\"scroll\" role=\"region\" aria-labelledby=\"{id}-caption\" tabindex=\"0\">\n\
         <table id=\"{id}\">\n<caption id=\"{id}-caption\">{caption}</caption>\n<thead><tr>\
         <th scope=\"col\">{first}</th>{ward_col}<th scope=\"col\">IMD score</th>\
         <th scope=\"col\">Deprivation rank</th><th scope=\"col\">Groups within reach</th>\
         <th scope=\"col\">Free</th><th scope=\"col\">Evenings or weekends</th>\
         <th scope=\"col\">Available everywhere</th><th scope=\"col\">{gap_head}</th>\
         </tr></thead>\n<tbody>\n",
        caption = escape(caption),
        first = if is_wards { "Ward" } else { "Practice" },
        ward_col = if is_wards {
            ""
        } else {
            "<th scope=\"col\">Ward</th>"
        },
        gap_head = match gap {
            Column::GapCount => "Needs with no free group",
            Column::Gap(_) => "Gap",
        },
    );
    for area in areas {
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
            "<tr id=\"{kind}-{aid}\"><th scope=\"row\">{name}</th>{ward}<td>{score}</td>\
             <td>{rank}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{gap_cell}</td></tr>",
            c.reachable,
            c.free,
            c.evening_or_weekend,
            c.everywhere,
            kind = if is_wards { "ward" } else { "site" },
            aid = escape(&area.id),
            name = escape(&area.name),
            ward = if is_wards {
                String::new()
            } else {
                format!("<td>{}</td>", escape(area.ward.as_deref().unwrap_or("–")))
            },
        );
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
    out
}

/// "1 group", "3 groups".
fn groups(n: usize) -> String {
    format!("{n} group{}", if n == 1 { "" } else { "s" })
}

/// The count map and the deprivation map side by side, each with its legend; `counts` holds,
/// per ward, the number the map is shaded by and the text after the ward's name in its title.
fn maps(report: &Report, outlines: &Outlines, counts: &[(usize, String)], label: &str) -> String {
    let classes = count_classes(counts.iter().map(|c| c.0).max().unwrap_or(0));
    let fills: Vec<(&str, String)> = counts
        .iter()
        .zip(&report.wards)
        .map(|((n, text), ward)| {
            let fill = classes
                .iter()
                .find(|c| c.contains(*n))
                .map_or(NONE_FILL, |c| c.fill);
            (fill, format!("{}: {text}", ward.name))
        })
        .collect();
    let mut out = format!("<div class=\"maps\">\n<figure style=\"max-width:{MAP_WIDTH}px\">\n");
    out.push_str(&svg(
        &outlines.wide,
        &fills,
        &format!("{label}. The same figures are in the table of wards below."),
    ));
    out.push_str("<figcaption>Groups within walking distance<ul class=\"legend\">\n");
    for class in &classes {
        let _ = writeln!(
            out,
            "<li><span class=\"swatch\" style=\"background:{}\"></span>{}</li>",
            class.fill,
            escape(&class.label)
        );
    }
    let _ = writeln!(
        out,
        "</ul></figcaption>\n</figure>\n<figure style=\"max-width:{SMALL_WIDTH}px\">"
    );

    let scores: Vec<Option<f64>> = report
        .wards
        .iter()
        .map(|w| w.deprivation.as_ref().map(|d| d.score))
        .collect();
    let fills: Vec<(&str, String)> = report
        .wards
        .iter()
        .zip(&scores)
        .map(|(w, s)| match (s, &w.deprivation) {
            (Some(s), Some(d)) => (
                DEPRIVATION_FILLS[fifth(&scores, *s)],
                format!(
                    "{}: IMD score {s:.1}, rank {} of {}",
                    w.name,
                    d.rank,
                    report.wards.len()
                ),
            ),
            _ => (NO_DATA_FILL, format!("{}: no deprivation data", w.name)),
        })
        .collect();
    out.push_str(&svg(
        &outlines.small,
        &fills,
        "Map of the wards shaded by deprivation (IMD 2019). The scores are in the table of wards below.",
    ));
    out.push_str("<figcaption>Deprivation (IMD 2019)<ul class=\"legend\">\n");
    for (i, label) in [
        "least deprived fifth of wards",
        "second fifth",
        "middle fifth",
        "fourth fifth",
        "most deprived fifth of wards",
    ]
    .iter()
    .enumerate()
    {
        let _ = writeln!(
            out,
            "<li><span class=\"swatch\" style=\"background:{}\"></span>{label}</li>",
            DEPRIVATION_FILLS[i]
        );
    }
    if scores.iter().any(Option::is_none) {
        let _ = writeln!(
            out,
            "<li><span class=\"swatch\" style=\"background:{NO_DATA_FILL}\"></span>no data</li>"
        );
    }
    out.push_str("</ul></figcaption>\n</figure>\n</div>\n");
    out
}

/// Which fifth (0 = least deprived) of the known scores `score` falls in.
fn fifth(scores: &[Option<f64>], score: f64) -> usize {
    let known: Vec<f64> = scores.iter().flatten().copied().collect();
    let below = known.iter().filter(|&&s| s < score).count();
    // Position from 0 (the least deprived) to 1 (the most), in five equal steps.
    (below * 5 / (known.len().max(2) - 1)).min(4)
}

struct Class {
    lo: usize,
    hi: usize,
    fill: &'static str,
    label: String,
}

impl Class {
    fn contains(&self, n: usize) -> bool {
        self.lo <= n && n <= self.hi
    }
}

/// "None", then up to four equal ranges up to `max`.
fn count_classes(max: usize) -> Vec<Class> {
    let mut out = vec![Class {
        lo: 0,
        hi: 0,
        fill: NONE_FILL,
        label: "none".into(),
    }];
    let step = max.div_ceil(4).max(1);
    let mut lo = 1;
    let mut i = 0;
    while lo <= max && i < COUNT_FILLS.len() {
        let hi = if i == COUNT_FILLS.len() - 1 {
            max
        } else {
            (lo + step - 1).min(max)
        };
        let label = if lo == hi {
            lo.to_string()
        } else {
            format!("{lo} to {hi}")
        };
        out.push(Class {
            lo,
            hi,
            fill: COUNT_FILLS[i],
            label,
        });
        lo = hi + 1;
        i += 1;
    }
    out
}

/// One `<path>` per ward, with a `<title>`; `fills[i]` is (colour, title) for ward `i`.
fn svg(outline: &Outline, fills: &[(&str, String)], label: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"{label}\" \
         viewBox=\"0 0 {w:.0} {h:.0}\" width=\"{w:.0}\" height=\"{h:.0}\" class=\"map\">",
        label = escape(label),
        w = outline.width,
        h = outline.height,
    );
    for (d, (fill, title)) in outline.paths.iter().zip(fills) {
        let _ = writeln!(
            out,
            "<path d=\"{d}\" fill=\"{fill}\" fill-rule=\"evenodd\"><title>{}</title></path>",
            escape(title)
        );
    }
    out.push_str("</svg>\n");
    out
}

/// 123 → "12.3", 120 → "12".
fn tenths(v: i64) -> String {
    if v % 10 == 0 {
        (v / 10).to_string()
    } else {
        format!("{:.1}", v as f64 / 10.0)
    }
}

/// Equirectangular projection: longitude scaled by the cosine of the middle latitude, fitted
/// to a width.
struct Projection {
    min_lon: f64,
    max_lat: f64,
    cos_lat: f64,
    scale: f64,
    width: f64,
    height: f64,
}

impl Projection {
    const MARGIN: f64 = 4.0;

    fn fit(shapes: &[Shape], width: f64) -> Projection {
        let points = shapes.iter().flat_map(|s| s.rings.iter().flatten());
        let (mut min_lon, mut max_lon, mut min_lat, mut max_lat) = (
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
        );
        for p in points {
            min_lon = min_lon.min(p.lon);
            max_lon = max_lon.max(p.lon);
            min_lat = min_lat.min(p.lat);
            max_lat = max_lat.max(p.lat);
        }
        if !min_lon.is_finite() {
            return Projection {
                min_lon: 0.0,
                max_lat: 0.0,
                cos_lat: 1.0,
                scale: 1.0,
                width,
                height: width,
            };
        }
        let cos_lat = ((min_lat + max_lat) / 2.0).to_radians().cos();
        let span_x = ((max_lon - min_lon) * cos_lat).max(1e-9);
        let span_y = (max_lat - min_lat).max(1e-9);
        let scale = (width - 2.0 * Self::MARGIN) / span_x;
        Projection {
            min_lon,
            max_lat,
            cos_lat,
            scale,
            width,
            height: (span_y * scale + 2.0 * Self::MARGIN).ceil(),
        }
    }

    fn point(&self, at: LatLon) -> (f64, f64) {
        (
            Self::MARGIN + (at.lon - self.min_lon) * self.cos_lat * self.scale,
            Self::MARGIN + (self.max_lat - at.lat) * self.scale,
        )
    }
}

const STYLE: &str = "\
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;line-height:1.5;\
color:#1a1a1a;background:#fff;margin:0}\
header,main,footer{max-width:72rem;margin:0 auto;padding:0 1rem}\
header{border-bottom:1px solid #767676;padding-top:.5rem;padding-bottom:.5rem}\
header p{margin:0;font-weight:600}\
a{color:#0b4f9c}a:focus,[tabindex]:focus{outline:3px solid #c75000;outline-offset:2px}\
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}\
.maps{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}\
figure{margin:0}.map{max-width:100%;height:auto}\
.map path{stroke:#1a1a1a;stroke-width:.6}\
.legend{list-style:none;padding:0;margin:.5rem 0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}\
.swatch{display:inline-block;width:1rem;height:1rem;border:1px solid #1a1a1a;\
vertical-align:middle;margin-right:.35rem}\
.scroll{overflow-x:auto}\
table{border-collapse:collapse;margin:1rem 0}\
caption{text-align:left;font-weight:600;padding:.25rem 0}\
th,td{border:1px solid #767676;padding:.25rem .5rem;text-align:left;vertical-align:top}\
td{text-align:right}thead th{background:#eef1f5}\
.gap{color:#9c2c00;white-space:nowrap}\
footer{border-top:1px solid #767676;margin-top:2rem;font-size:.9rem;color:#333}";

fn page(title: &str, report: &Report, body: &str, attribution: Option<&str>) -> String {
    let mut footer = String::new();
    if let Some(text) = attribution {
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let _ = writeln!(footer, "<p>{}</p>", escape(line));
        }
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <a class=\"skip\" href=\"#main\">Skip to the report</a>\n\
         <header><p>{site}</p></header>\n\
         <main id=\"main\">\n{body}</main>\n\
         <footer>\n<p>Made by Signpost from the directory's listings on {today}.</p>\n{footer}</footer>\n\
         </body>\n</html>\n",
        title = escape(title),
        site = escape(&report.title),
        today = escape(&report.today),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_classes_start_with_none_and_end_at_the_maximum() {
        let labels = |max| {
            count_classes(max)
                .into_iter()
                .map(|c| c.label)
                .collect::<Vec<_>>()
        };
        assert_eq!(labels(0), ["none"]);
        assert_eq!(labels(2), ["none", "1", "2"]);
        assert_eq!(labels(9), ["none", "1 to 3", "4 to 6", "7 to 9"]);
        assert_eq!(labels(10), ["none", "1 to 3", "4 to 6", "7 to 9", "10"]);
        assert_eq!(
            labels(40),
            ["none", "1 to 10", "11 to 20", "21 to 30", "31 to 40"]
        );
    }

    #[test]
    fn fifths_put_the_highest_score_in_the_most_deprived_fifth() {
        let scores: Vec<Option<f64>> = (1..=10).map(|s| Some(f64::from(s))).collect();
        assert_eq!(fifth(&scores, 1.0), 0);
        assert_eq!(fifth(&scores, 10.0), 4);
        assert_eq!(fifth(&scores, 5.0), 2);
        // With few wards the most and least deprived still get the end colours.
        let four = [Some(10.0), Some(15.0), Some(30.0), Some(50.0)];
        let fifths: Vec<usize> = four.iter().map(|s| fifth(&four, s.unwrap())).collect();
        assert_eq!(fifths, [0, 1, 3, 4]);
    }
}
