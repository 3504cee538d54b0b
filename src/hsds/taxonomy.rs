//! The three Signpost taxonomies (needs, activities, audiences) as HSDS `taxonomy` objects, and
//! their terms as `taxonomy_term` objects, from the vocabularies. Attributes that link a service
//! to its terms are made with the service (`service.rs`).

use serde_json::Value;

use super::obj::Obj;
use super::uuid;
use crate::vocab::{self, Vocabulary};

/// The three Signpost taxonomies, in the order they are published.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Taxonomy {
    Needs,
    Activities,
    Audiences,
}

impl Taxonomy {
    pub const ALL: [Taxonomy; 3] = [Taxonomy::Needs, Taxonomy::Activities, Taxonomy::Audiences];

    /// The short key used in ids and `code`s.
    pub fn key(self) -> &'static str {
        match self {
            Taxonomy::Needs => "needs",
            Taxonomy::Activities => "activities",
            Taxonomy::Audiences => "audiences",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Taxonomy::Needs => "Signpost needs",
            Taxonomy::Activities => "Signpost activities",
            Taxonomy::Audiences => "Signpost audiences",
        }
    }

    fn description(self) -> &'static str {
        match self {
            Taxonomy::Needs => {
                "What a group or service helps with, in everyday words, as used for social \
                 prescribing in Signpost (schema/needs.yaml)."
            }
            Taxonomy::Activities => {
                "What happens at a group (schema/activities.yaml). Where a term has a term_uri it \
                 is the matching concept of the OpenActive Activity List: contains the OpenActive \
                 Activity List, (c) OpenActive, CC BY 4.0 \
                 (https://creativecommons.org/licenses/by/4.0/)."
            }
            Taxonomy::Audiences => {
                "Who a group is especially for. A group with none of these is for everyone."
            }
        }
    }

    /// The `link_type` of attributes that use this taxonomy.
    pub(super) fn link_type(self) -> &'static str {
        match self {
            Taxonomy::Needs => "need",
            Taxonomy::Activities => "activity",
            Taxonomy::Audiences => "audience",
        }
    }

    pub fn id(self) -> String {
        uuid("taxonomy", self.key())
    }

    /// The HSDS `taxonomy` object.
    pub fn to_json(self) -> Value {
        Obj::new(self.id())
            .s("name", self.name())
            .s("description", self.description())
            .done()
    }
}

/// The UUID of a term of a taxonomy.
pub fn term_id(taxonomy: Taxonomy, code: &str) -> String {
    uuid("taxonomy_term", &format!("{}/{code}", taxonomy.key()))
}

/// One term, ready to publish.
#[derive(Clone, Debug)]
pub struct Term {
    pub taxonomy: Taxonomy,
    pub code: String,
    pub name: String,
    pub description: String,
    pub uri: Option<String>,
    /// Search synonyms (not published in HSDS; the API's `/taxonomy_terms?search=` matches them).
    pub synonyms: Vec<String>,
}

impl Term {
    pub fn id(&self) -> String {
        term_id(self.taxonomy, &self.code)
    }

    /// The HSDS `taxonomy_term` object.
    pub fn to_json(&self) -> Value {
        Obj::new(self.id())
            .s("code", &self.code)
            .s("name", &self.name)
            .s("description", &self.description)
            .s("taxonomy", self.taxonomy.name())
            .s("taxonomy_id", self.taxonomy.id())
            .opt("term_uri", self.uri.clone())
            .s("language", "en")
            .done()
    }
}

/// Every term of the three taxonomies: needs, then activities, then audiences, each in
/// vocabulary order.
pub fn terms(vocab: &crate::vocab::Vocabularies) -> Vec<Term> {
    let from = |taxonomy, v: &Vocabulary| {
        v.terms
            .iter()
            .map(move |t| Term {
                taxonomy,
                code: t.id.clone(),
                name: t.label.clone(),
                description: t.description.clone(),
                uri: t.uri.clone(),
                synonyms: t.synonyms.clone(),
            })
            .collect::<Vec<_>>()
    };
    let mut out = from(Taxonomy::Needs, &vocab.needs);
    out.extend(from(Taxonomy::Activities, &vocab.activities));
    out.extend(vocab::AUDIENCES.iter().map(|(id, label)| Term {
        taxonomy: Taxonomy::Audiences,
        code: (*id).to_string(),
        name: (*label).to_string(),
        description: format!("Groups and services especially for {}.", lower_first(label)),
        uri: None,
        synonyms: Vec::new(),
    }));
    out
}

/// `s` with a lower-case first letter, for use mid-sentence ("Older people" → "older people"),
/// unless its first word is an initialism.
pub(super) fn lower_first(s: &str) -> String {
    // "LGBTQ+ people" and "British ..." keep their capitals; ordinary words do not.
    let first = s.split_whitespace().next().unwrap_or("");
    if first.chars().filter(|c| c.is_uppercase()).count() > 1 {
        return s.to_string();
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}
