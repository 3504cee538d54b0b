//! The gaps report for other tools: CSV with one row per (area, need), for spreadsheets, and
//! JSON with the whole [`Report`] model (everything but the map outlines).

use super::{AreaReport, Error, Report};

/// The CSV columns, in order.
pub const CSV_HEADER: [&str; 14] = [
    "area_type",
    "area_id",
    "area_name",
    "ward",
    "imd_score",
    "deprivation_rank",
    "need",
    "reachable",
    "free",
    "evening_or_weekend",
    "everywhere",
    "everywhere_free",
    "gap",
    "examples",
];

/// One row per (area, need): wards first (most deprived first), then practice sites. The
/// counts leave made-up examples out; `examples` counts them apart.
pub fn csv(report: &Report) -> Result<String, Error> {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    writer.write_record(CSV_HEADER).map_err(Error::Csv)?;
    for area in report.wards.iter().chain(&report.practices) {
        for need in &area.needs {
            let c = need.counts;
            writer
                .write_record([
                    kind(area).to_string(),
                    area.id.clone(),
                    // Names come from the ward and practice files: never a control character raw.
                    crate::text::without_unsafe(&area.name).into_owned(),
                    crate::text::without_unsafe(area.ward.as_deref().unwrap_or_default())
                        .into_owned(),
                    area.deprivation
                        .as_ref()
                        .map(|d| format!("{:.3}", d.score))
                        .unwrap_or_default(),
                    area.deprivation
                        .as_ref()
                        .map(|d| d.rank.to_string())
                        .unwrap_or_default(),
                    need.need.clone(),
                    c.reachable.to_string(),
                    c.free.to_string(),
                    c.evening_or_weekend.to_string(),
                    c.everywhere.to_string(),
                    c.everywhere_free.to_string(),
                    need.gap.to_string(),
                    c.examples.to_string(),
                ])
                .map_err(Error::Csv)?;
        }
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| Error::Csv(e.into_error().into()))?;
    // Every field written is a String, so the bytes are UTF-8: nothing is replaced.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn kind(area: &AreaReport) -> &'static str {
    match area.kind {
        super::AreaKind::Ward => "ward",
        super::AreaKind::Practice => "practice",
        super::AreaKind::Site => "site",
    }
}

/// The report model as pretty-printed JSON.
pub fn json(report: &Report) -> Result<String, Error> {
    serde_json::to_string_pretty(report)
        .map(|mut s| {
            s.push('\n');
            s
        })
        .map_err(Error::Json)
}
