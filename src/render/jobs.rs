//! A build's units of work ([`Job`]): which there are, in which order they run, and what each
//! wrote ([`Written`]); the static files; and writing a file into the output.
//!
//! Each job is independent of the others, so they run in parallel; making the build atomic
//! and reporting progress is `build`'s job.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::theme::minify;
use super::{Error, Renderer, embed, is_borough_wide, notices};
use crate::config::Redirects;

/// One unit of work: each writes one or more files and can run in parallel with the others.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Job {
    /// The static files and `sites.json`.
    Assets,
    /// The top index, in language number `.0`.
    Index(usize),
    /// The shared pages of services available everywhere, in a language.
    Everywhere(usize),
    /// A site's home page (with its need sections), shortlist and poster, in a language. (One job per
    /// language, not per site: a borough-wide site's pages in six languages were one job of
    /// 0.8 s, longer than the rest of a Croydon build on the other core.)
    Site(usize, usize),
    /// One listing's page, which holds every language, and its calendar.
    Listing(usize),
    /// The "Add your group" page, in a language.
    Add(usize),
    /// The page for practices' web editors (`embed/`) and its example host page, in a
    /// language.
    Embed(usize),
    /// The accessibility statement and the privacy notice, in a language.
    Notices(usize),
    /// A site's search index, shared by its pages in every language.
    Search(usize),
    /// The search index of services available everywhere, which every site's index names,
    /// when there are more than [`super::EVERYWHERE_INLINE_MAX`].
    EverywhereSearch,
}

/// What one build wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Written {
    pub pages: usize,
    pub files: usize,
}

impl std::ops::Add for Written {
    type Output = Written;
    fn add(self, o: Written) -> Written {
        Written {
            pages: self.pages + o.pages,
            files: self.files + o.files,
        }
    }
}

impl Renderer<'_> {
    /// Every job of a build, the largest first: run them in this order (as [`run_all`] does)
    /// and no long job starts last, leaving one core to finish it while the other waits.
    /// The largest are the sites, and of those the borough-wide ones, which show every
    /// listing of the directory: at national scale one takes longer than a thousand
    /// practice sites.
    ///
    /// [`run_all`]: Renderer::run_all
    pub fn jobs(&self) -> Vec<Job> {
        let mut sites: Vec<usize> = (0..self.dir.sites.len()).collect();
        sites.sort_by_key(|&i| !is_borough_wide(&self.dir.sites[i]));
        let mut jobs: Vec<Job> = sites
            .iter()
            .flat_map(|&i| (0..self.langs.len()).map(move |l| Job::Site(i, l)))
            .collect();
        // The shared index of services available everywhere is one large job (thousands of
        // documents at national scale): after the sites, before the many small ones.
        if self.shared_everywhere {
            jobs.push(Job::EverywhereSearch);
        }
        jobs.push(Job::Assets);
        for l in 0..self.langs.len() {
            jobs.push(Job::Index(l));
            jobs.push(Job::Everywhere(l));
            jobs.push(Job::Add(l));
            jobs.push(Job::Embed(l));
            jobs.push(Job::Notices(l));
        }
        jobs.extend((0..self.published.listings.len()).map(Job::Listing));
        jobs.extend((0..self.dir.sites.len()).map(Job::Search));
        jobs
    }

    /// The folder of language number `l`'s pages under `out`.
    fn lang_out(&self, l: usize, out: &Path) -> PathBuf {
        match l {
            0 => out.to_path_buf(),
            _ => out.join(&self.t(l).lang),
        }
    }

    /// Runs one job, writing under `out`.
    pub fn run(&self, job: Job, out: &Path) -> Result<Written, Error> {
        let result = match job {
            Job::Assets => self.assets(out),
            Job::Index(l) => self.index(l, &self.lang_out(l, out)),
            Job::Everywhere(l) => self.everywhere(l, &self.lang_out(l, out)),
            Job::Site(i, l) => self.site(i, l, &self.lang_out(l, out)),
            Job::Listing(i) => self.listing(self.published.listings[i], out),
            Job::Add(l) => self.add(l, &self.lang_out(l, out)),
            Job::Embed(l) => embed::write_pages(self, l, &self.lang_out(l, out)),
            Job::Notices(l) => notices::write_pages(self, l, &self.lang_out(l, out)),
            Job::Search(i) => self.search_index(i, out),
            Job::EverywhereSearch => self.everywhere_search_index(out),
        };
        result.map_err(|e| {
            let what = match job {
                Job::Assets => "the static files".to_string(),
                Job::Index(_) => "the top index".to_string(),
                Job::Everywhere(_) => "the everywhere pages".to_string(),
                Job::Site(i, _) => format!("the site `{}`", self.dir.sites[i].id),
                Job::Listing(i) => {
                    format!("the page of {}", self.published.listings[i].path.display())
                }
                Job::Add(_) => "the \"Add your group\" page".to_string(),
                Job::Embed(_) => "the embed pages".to_string(),
                Job::Notices(_) => "the accessibility statement and privacy notice".to_string(),
                Job::Search(i) => format!("the search index of `{}`", self.dir.sites[i].id),
                Job::EverywhereSearch => "the search index of everywhere services".to_string(),
            };
            Error::Job {
                what,
                source: Box::new(e),
            }
        })
    }

    /// Runs every job in parallel, taking them in order, stopping at the first error.
    pub fn run_all(&self, out: &Path) -> Result<Written, Error> {
        self.jobs()
            .into_iter()
            .par_bridge()
            .map(|job| self.run(job, out))
            .try_reduce(Written::default, |a, b| Ok(a + b))
    }

    /// `assets/`: the theme's static files, minified, the house colour and logo, and each
    /// language's crisis help for the sites' search (`crisis-<lang>.json`) and search words
    /// (`words-<code>.json`, [`crate::search::words`]); and `sites.json`.
    fn assets(&self, out: &Path) -> Result<Written, Error> {
        for (name, text) in &self.theme.assets {
            write(&out.join("assets").join(name), minify(name, text))?;
        }
        let mut files = self.theme.assets.len() + 1;
        // The languages' search words that every site's index shares.
        let words = crate::search::words::write_shared(
            &self.synonyms,
            &self.words.langs,
            &out.join("assets"),
        )
        .map_err(Error::Search)?;
        files += words.files;
        for l in 0..self.langs.len() {
            let layout = self.layout(l, String::new(), 0, None, "");
            let html = self.theme.render_crisis(&layout)?;
            let path = out
                .join("assets")
                .join(format!("crisis-{}.json", self.t(l).lang));
            // A JSON string of the HTML: a fragment, not a page for hosts and crawlers to
            // serve or index as one.
            let json =
                serde_json::to_string(&String::from_utf8_lossy(&html)).map_err(|source| {
                    Error::Json {
                        path: path.clone(),
                        source,
                    }
                })?;
            write(&path, json)?;
            files += 1;
        }
        if let Some(css) = &self.frame.brand {
            write(&out.join("assets").join("brand.css"), css)?;
            files += 1;
        }
        if let Some((name, bytes)) = &self.frame.logo {
            let path = out.join("assets").join(name);
            write(&path, bytes)?;
            files += 1;
        }
        if self.dir.config.output.redirects == Redirects::File {
            write(
                &out.join("_redirects"),
                redirects(&self.dir.config.base_url),
            )?;
            files += 1;
        }
        let names: BTreeMap<&str, &str> = self
            .dir
            .sites
            .iter()
            .map(|s| (s.id.as_str(), s.name.as_str()))
            .collect();
        let path = out.join("sites.json");
        let json = serde_json::to_string(&names).map_err(|source| Error::Json {
            path: path.clone(),
            source,
        })?;
        write(&path, &json)?;
        Ok(Written { pages: 0, files })
    }
}

/// `_redirects`, in the format Netlify, Cloudflare Pages and GitLab Pages read (a source
/// with `:placeholders`, a destination, a status): the addresses of the need pages that
/// builds published before the needs became sections of a site's home page, sent to those
/// sections, in the default language and the others. `base_url`'s path, if it has one, comes
/// first in both (the host matches from the top of the domain).
fn redirects(base_url: &str) -> String {
    let after_host = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let prefix = after_host
        .find('/')
        .map_or("", |i| after_host[i..].trim_end_matches('/'));
    format!(
        "# Need pages are sections of their site's home page (signpost build).\n\
         {prefix}/:site/needs/:need.html {prefix}/:site/#:need 301\n\
         {prefix}/:lang/:site/needs/:need.html {prefix}/:lang/:site/#:need 301\n\
         # A listing's page holds every language: a part each (signpost build).\n\
         {prefix}/:lang/listings/:id/ {prefix}/listings/:id/#:lang 301\n\
         {prefix}/:lang/listings/:id/index.html {prefix}/listings/:id/#:lang 301\n"
    )
}

/// Writes a file, making its folder when it is not there yet (most are: a build writes
/// tens of thousands of files into a few thousand folders); in a build's staging folder, an
/// unchanged file is the last build's ([`crate::staging`]).
pub(super) fn write(path: &Path, bytes: impl AsRef<[u8]>) -> Result<(), Error> {
    crate::staging::write(path, bytes).map_err(|source| Error::Write {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::redirects;

    #[test]
    fn the_redirects_carry_the_path_of_the_base_url() {
        assert!(
            redirects("https://example.org/")
                .contains("\n/:site/needs/:need.html /:site/#:need 301\n")
        );
        assert!(redirects("https://example.github.io/signpost").contains(
            "\n/signpost/:lang/:site/needs/:need.html /signpost/:lang/:site/#:need 301\n"
        ));
    }
}
