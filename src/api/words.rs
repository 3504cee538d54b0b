//! The API's fallback search, used only when the tantivy index cannot be opened: word prefixes
//! of each service's text, every query word required, in directory order.

use std::collections::HashMap;

/// The fallback search index: every word (lower case, split at anything not a letter or
/// digit) of each service's text, sorted, with the services it is in. A query matches the
/// services that have, for every query word, a word that begins with it ("knit" finds
/// "knitting").
pub(super) struct WordIndex {
    words: Vec<(Box<str>, Vec<u32>)>,
}

fn split_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// The values in both sorted lists.
fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

impl WordIndex {
    /// Indexes texts, one per service in order.
    pub(super) fn new<'a>(texts: impl Iterator<Item = &'a str>) -> WordIndex {
        let mut map: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, text) in texts.enumerate() {
            let lower = text.to_lowercase();
            for word in split_words(&lower) {
                let postings = map.entry(word.to_string()).or_default();
                if postings.last() != Some(&(i as u32)) {
                    postings.push(i as u32);
                }
            }
        }
        let mut words: Vec<(Box<str>, Vec<u32>)> = map
            .into_iter()
            .map(|(w, p)| (w.into_boxed_str(), p))
            .collect();
        words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        WordIndex { words }
    }

    /// The services (sorted) that match every word of `query`.
    pub(super) fn matching(&self, query: &[String]) -> Vec<u32> {
        let mut result: Option<Vec<u32>> = None;
        for q in query.iter().flat_map(|q| split_words(q)) {
            let start = self.words.partition_point(|(w, _)| &**w < q);
            let end = start
                + self.words[start..]
                    .iter()
                    .take_while(|(w, _)| w.starts_with(q))
                    .count();
            let found: Vec<u32> = match &self.words[start..end] {
                [(_, postings)] => postings.clone(), // one word: already sorted
                several => {
                    let mut found: Vec<u32> = several
                        .iter()
                        .flat_map(|(_, postings)| postings.iter().copied())
                        .collect();
                    found.sort_unstable();
                    found.dedup();
                    found
                }
            };
            result = Some(match result {
                None => found,
                Some(before) => intersect(&before, &found),
            });
            if result.as_ref().is_some_and(Vec::is_empty) {
                break;
            }
        }
        result.unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_words_match_the_start_of_words_in_any_order() {
        let index = WordIndex::new(
            [
                "Knit and Natter: knitting, crochet",
                "Debt advice drop-in",
                "Knitting for debt-free living",
            ]
            .into_iter(),
        );
        let q = |s: &str| index.matching(&[s.to_lowercase()]);
        assert_eq!(q("knit"), [0, 2]);
        assert_eq!(q("KNITTING"), [0, 2]);
        assert_eq!(q("debt knit"), [2]);
        assert_eq!(q("drop-in"), [1]);
        assert_eq!(q("nit"), Vec::<u32>::new(), "words, not substrings");
        assert_eq!(q("debt zebra"), Vec::<u32>::new());
    }
}
