//! The deprivation ranking of the wards: each LSOA goes to the ward containing its centroid,
//! a ward's score is the ward summary's (when there is one) or the mean of its LSOAs', and
//! rank 1 is the most deprived ward of the report.
//!
//! Not for reading the files ([`super::inputs`]) or for drawing the ranking ([`super::html`]).

use std::collections::HashMap;

use geo::Contains;

use super::inputs::{Imd, Inputs};
use super::report::{Deprivation, Measure};

/// Each ward's deprivation, ranked, by ward name (wards without a score are left out).
pub(super) fn ward_deprivation(inputs: &Inputs) -> HashMap<String, Deprivation> {
    let scores = lsoas_by_ward(inputs);
    let mut out: Vec<Deprivation> = Vec::new();
    let mut names: Vec<&str> = Vec::new();
    for ward in &inputs.wards {
        let lsoas = scores
            .get(ward.name.as_str())
            .map_or(&[][..], Vec::as_slice);
        let lsoa_mean = (!lsoas.is_empty())
            .then(|| lsoas.iter().map(|i| i.score).sum::<f64>() / lsoas.len() as f64);
        let worst_lsoa_rank = lsoas.iter().map(|i| i.rank).min();
        let (score, measure) = match &inputs.summary {
            Some(summary) => (summary.get(&ward.name).copied(), Measure::WardSummary),
            None => (lsoa_mean, Measure::LsoaMean),
        };
        if let Some(score) = score {
            names.push(&ward.name);
            out.push(Deprivation {
                score,
                rank: 0,
                measure,
                lsoas: lsoas.len(),
                lsoa_mean,
                worst_lsoa_rank,
            });
        }
    }
    rank(&mut out, &names);
    names.into_iter().map(str::to_string).zip(out).collect()
}

/// The IMD of the LSOAs whose centroid each ward contains, by ward name.
fn lsoas_by_ward(inputs: &Inputs) -> HashMap<&str, Vec<Imd>> {
    let mut scores: HashMap<&str, Vec<Imd>> = HashMap::new();
    for (code, at) in &inputs.lsoas {
        let Some(imd) = inputs.imd.get(code) else {
            continue;
        };
        if let Some(ward) = inputs.wards.iter().find(|w| w.grid.contains(at)) {
            scores.entry(&ward.name).or_default().push(*imd);
        }
    }
    scores
}

/// Sets each ward's rank: 1 for the highest score, ties broken by `names` (the wards' names,
/// in the same order as `wards`).
fn rank(wards: &mut [Deprivation], names: &[&str]) {
    let mut order: Vec<usize> = (0..wards.len()).collect();
    order.sort_by(|&a, &b| {
        wards[b]
            .score
            .total_cmp(&wards[a].score)
            .then_with(|| names[a].cmp(names[b]))
    });
    for (rank, &i) in order.iter().enumerate() {
        wards[i].rank = rank + 1;
    }
}
