//! The report's maps: each ward's outline projected to SVG path data once, the two
//! choropleths a page shows (groups within reach, and deprivation) with their legends, and the
//! numbered key that names every ward.
//!
//! A page holds each outline once: the wide map defines them (`<defs>`, `id="ward-shape-<n>"`)
//! (in tenths of its units, each point after a ring's first relative to the one before) and
//! both maps draw them with `<use>`, each in its own colour; the small map scales the
//! wide map's drawing down (its width over the wide one's, less the margins), with a stroke
//! widened to match, so it looks as when it drew outlines of its own (which were half of the
//! report's bytes).
//!
//! Every ward carries its number on both maps, and the key below them gives each number's
//! ward (linked to its row in the table of wards) with the figures the map shades it by, so a
//! ward can be told without hovering: a `<title>` alone is useless on a touch screen, and
//! screen readers get the key (the maps themselves are images with a label). Not for the
//! figures ([`crate::insight`]) or the tables ([`super::tables`]).

use std::fmt::Write as _;

use super::{Report, Shape};
use crate::html::escape;
use crate::place::LatLon;

/// Width of the main map, in SVG units.
pub(super) const MAP_WIDTH: f64 = 560.0;
/// Width of the small deprivation map.
pub(super) const SMALL_WIDTH: f64 = 300.0;

/// Fill for areas with no group, then four classes of more and more groups (ColorBrewer
/// Blues, darker is more).
const NONE_FILL: &str = "#fdd49e";
const COUNT_FILLS: [&str; 4] = ["#c6dbef", "#6baed6", "#2171b5", "#08306b"];
/// Deprivation fifths, least to most deprived (ColorBrewer Purples).
const DEPRIVATION_FILLS: [&str; 5] = ["#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"];
const NO_DATA_FILL: &str = "#d9d9d9";

/// The wards' outlines as SVG path data at the wide map's size (the small map scales them),
/// and the two maps' sizes and label positions.
pub(super) struct Outlines {
    wide: Outline,
    small: Outline,
}

impl Outlines {
    pub(super) fn of(report: &Report) -> Outlines {
        Outlines {
            wide: Outline::of(&report.shapes, MAP_WIDTH, true),
            small: Outline::of(&report.shapes, SMALL_WIDTH, false),
        }
    }
}

/// Ward outlines projected to fit a width: the drawing's size, its scale (SVG units a
/// degree), each ward's path data and where its number goes.
struct Outline {
    width: f64,
    height: f64,
    scale: f64,
    paths: Vec<String>,
    labels: Vec<(f64, f64)>,
}

/// The outlines' stroke on the wide map, in its SVG units (`report.css` once had it as
/// `.map path{stroke-width:.6}`).
const STROKE: f64 = 0.6;

impl Outline {
    /// The outlines fitted to `width`; their path data only `with_paths` (the small map draws
    /// the wide one's).
    fn of(shapes: &[Shape], width: f64, with_paths: bool) -> Outline {
        let projection = Projection::fit(shapes, width);
        let paths = shapes
            .iter()
            .filter(|_| with_paths)
            .map(|shape| {
                let mut d = String::new();
                for ring in &shape.rings {
                    let mut last: Option<(i64, i64)> = None;
                    for at in ring {
                        let (x, y) = projection.point(*at);
                        let p = ((x * 10.0).round() as i64, (y * 10.0).round() as i64);
                        match last {
                            Some(q) if q == p => continue,
                            // Relative steps after the first (`l` once, then its pairs).
                            Some(q) => pair(&mut d, p.0 - q.0, p.1 - q.1),
                            None => {
                                d.push('M');
                                pair(&mut d, p.0, p.1);
                                d.push('l');
                            }
                        }
                        last = Some(p);
                    }
                    // A ring of one point: no step after its `l`.
                    if d.ends_with('l') {
                        d.pop();
                    }
                    d.push('Z');
                }
                d
            })
            .collect();
        let labels = shapes.iter().map(|s| projection.point(s.label)).collect();
        Outline {
            width: projection.width,
            height: projection.height,
            scale: projection.scale,
            paths,
            labels,
        }
    }
}

/// The count map and the deprivation map side by side, each with its legend, then the key
/// of the wards by number. `counts` holds, per ward, the number the map is shaded by and the
/// text after the ward's name in its title and in the key.
pub(super) fn maps(
    report: &Report,
    outlines: &Outlines,
    counts: &[(usize, String)],
    label: &str,
) -> String {
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
    let mut out = String::from("<div class=\"maps\">\n<figure class=\"map-wide\">\n");
    out.push_str(&svg(
        &outlines.wide,
        None,
        &fills,
        &format!(
            "{label}, each ward numbered as in the list below the maps. The same figures are in \
             the table of wards below."
        ),
    ));
    out.push_str("<figcaption>Groups within a walk<ul class=\"legend\">\n");
    for class in &classes {
        legend_item(&mut out, class.fill, &escape(&class.label));
    }
    out.push_str("</ul></figcaption>\n</figure>\n<figure class=\"map-small\">\n");

    let deprivation = deprivation_texts(report);
    let fills: Vec<(&str, String)> = report
        .wards
        .iter()
        .zip(&deprivation)
        .map(|(w, (fill, text))| (*fill, format!("{}: {text}", w.name)))
        .collect();
    out.push_str(&svg(
        &outlines.small,
        Some(&outlines.wide),
        &fills,
        "Map of the wards shaded by deprivation (IMD 2019), numbered as the other map. The \
         scores are in the table of wards below.",
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
        legend_item(&mut out, DEPRIVATION_FILLS[i], label);
    }
    if report.wards.iter().any(|w| w.deprivation.is_none()) {
        legend_item(&mut out, NO_DATA_FILL, "no data");
    }
    out.push_str("</ul></figcaption>\n</figure>\n</div>\n");
    out.push_str(&key(report, counts, &deprivation));
    out
}

/// Per ward: its fill on the deprivation map and what it says about its deprivation.
fn deprivation_texts(report: &Report) -> Vec<(&'static str, String)> {
    let scores: Vec<Option<f64>> = report
        .wards
        .iter()
        .map(|w| w.deprivation.as_ref().map(|d| d.score))
        .collect();
    report
        .wards
        .iter()
        .zip(&scores)
        .map(|(w, s)| match (s, &w.deprivation) {
            (Some(s), Some(d)) => (
                DEPRIVATION_FILLS[fifth(&scores, *s)],
                format!(
                    "IMD score {s:.1}, rank {} of {}",
                    d.rank,
                    report.wards.len()
                ),
            ),
            _ => (NO_DATA_FILL, "no deprivation data".to_string()),
        })
        .collect()
}

/// The wards by their number on the maps, each linked to its row in the table of wards,
/// with the figures both maps shade it by.
fn key(report: &Report, counts: &[(usize, String)], deprivation: &[(&str, String)]) -> String {
    let mut out = String::from(
        "<p id=\"map-key\" class=\"key-head\">The wards by their number on the maps (most \
         deprived first):</p>\n<ol class=\"key\" aria-labelledby=\"map-key\">\n",
    );
    for ((ward, (_, text)), (_, deprived)) in report.wards.iter().zip(counts).zip(deprivation) {
        let _ = writeln!(
            out,
            "<li><a href=\"#ward-{id}\">{name}</a>: {text}; {deprived}</li>",
            id = escape(&ward.id),
            name = escape(&ward.name),
            text = escape(text),
            deprived = escape(deprived),
        );
    }
    out.push_str("</ol>\n");
    out
}

/// One legend entry: a swatch of `fill` (drawn, so the page needs no inline style) and its
/// label, already escaped.
fn legend_item(out: &mut String, fill: &str, label: &str) {
    let _ = writeln!(
        out,
        "<li><svg class=\"swatch\" viewBox=\"0 0 1 1\" aria-hidden=\"true\"><rect width=\"1\" \
         height=\"1\" fill=\"{fill}\"/></svg>{label}</li>"
    );
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

/// One `<use>` of each ward's outline, with a `<title>` (for a mouse), then every ward's
/// number; `fills[i]` is (colour, title) for ward `i`, numbered `i + 1`. Without `wide`, this
/// is the wide map, which defines the outlines (`<defs>`); with it, a map of `outline`'s size
/// that draws `wide`'s outlines scaled to fit.
fn svg(outline: &Outline, wide: Option<&Outline>, fills: &[(&str, String)], label: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"{label}\" \
         viewBox=\"0 0 {w:.0} {h:.0}\" width=\"{w:.0}\" height=\"{h:.0}\" class=\"map\">",
        label = escape(label),
        w = outline.width,
        h = outline.height,
    );
    match wide {
        None => {
            out.push_str("<defs>\n");
            for (i, d) in outline.paths.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "<path id=\"ward-shape-{}\" d=\"{d}\" fill-rule=\"evenodd\"/>",
                    i + 1
                );
            }
            out.push_str("</defs>\n");
            // The path data is in tenths of the map's units.
            let _ = writeln!(
                out,
                "<g transform=\"scale(0.1)\" stroke-width=\"{}\">",
                STROKE * 10.0
            );
        }
        Some(wide) => {
            // A point at `p` on the wide map is at `M + (p - M) × k` on this one (both
            // projections put the same edges at the margin M); the path data is in tenths.
            let k = outline.scale / wide.scale;
            let _ = writeln!(
                out,
                "<g transform=\"translate({t:.4} {t:.4}) scale({s:.7})\" stroke-width=\"{w:.4}\">",
                t = Projection::MARGIN * (1.0 - k),
                s = k / 10.0,
                w = STROKE * 10.0 / k,
            );
        }
    }
    for (i, (fill, title)) in fills.iter().enumerate().take(outline.labels.len()) {
        let _ = writeln!(
            out,
            "<use href=\"#ward-shape-{}\" fill=\"{fill}\"><title>{}</title></use>",
            i + 1,
            escape(title)
        );
    }
    out.push_str("</g>\n");
    for (i, (x, y)) in outline.labels.iter().enumerate().take(fills.len()) {
        let _ = writeln!(out, "<text x=\"{x:.1}\" y=\"{y:.1}\">{}</text>", i + 1);
    }
    out.push_str("</svg>\n");
    out
}

/// Appends `x y` to path data: a space before each number but a negative one (its minus
/// sign separates it) and the first after a command letter.
fn pair(d: &mut String, x: i64, y: i64) {
    for v in [x, y] {
        if v >= 0 && d.ends_with(|c: char| c.is_ascii_digit()) {
            d.push(' ');
        }
        let _ = write!(d, "{v}");
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
