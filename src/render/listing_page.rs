//! `listings/<id>/`: one page per listing, shared by every site and rendered once per
//! language, with its sessions as a calendar file (`<id>.ics`, one for every language) that
//! the page links to while the group is active.
//!
//! The page ends with when the group last confirmed the listing, when its file last changed
//! in git and who changed it, and with `repository` set, links to edit the file and report a
//! problem ([`history::edit_url`], [`history::report_url`]).

use std::path::Path;

use serde::Serialize;

use super::jobs::{Written, write};
use super::view::{Text, markdown};
use super::words::{ages, area, cost, joining, language_name, next_session, status};
use super::{BRANCH, Error, Renderer, is_web};
use crate::config::Redirects;
use crate::history;
use crate::i18n::Strings;
use crate::model::{Listing, Status, Venue};
use crate::schedule;
use crate::vocab;

impl<'a> Renderer<'a> {
    /// `listings/<id>/index.html`, every language in one file (a part per language, the
    /// default's last: [`one_page`]), and the listing's calendar file; with
    /// `[output] redirects = "pages"`, a page at each other language's old address
    /// (`<lang>/listings/<id>/`) sending the browser to its part.
    pub(super) fn listing(&self, l: &Listing, out: &Path) -> Result<Written, Error> {
        let folder = out.join("listings").join(&l.id);
        let mut written = Written { pages: 1, files: 1 };
        if !l.sessions.is_empty() {
            write(&folder.join(format!("{}.ics", l.id)), self.calendar(l))?;
            written.files += 1;
        }
        let mut parts = Vec::with_capacity(self.langs.len());
        for lang in 0..self.langs.len() {
            parts.push(self.listing_part(l, lang)?);
        }
        write(&folder.join("index.html"), one_page(&parts))?;
        if self.dir.config.output.redirects == Redirects::Pages {
            for lang in 1..self.langs.len() {
                let code = &self.t(lang).lang;
                let to = format!("../../../listings/{}/#{code}", l.id);
                let title = Text::of(self.t(lang), l).name;
                write(
                    &out.join(code)
                        .join("listings")
                        .join(&l.id)
                        .join("index.html"),
                    super::redirect_page(code, title, &to),
                )?;
                written.files += 1;
            }
        }
        Ok(written)
    }

    /// The listing's page in language number `lang`, as a whole document: in another
    /// language than the default, a part of the page that holds every language.
    fn listing_part(&self, l: &Listing, lang: usize) -> Result<Part, Error> {
        let t = self.t(lang);
        let mut page = self.listing_page(t, l);
        let mut layout = self.layout(
            lang,
            page.name.to_string(),
            2,
            None,
            &format!("listings/{}/", l.id),
        );
        layout.as_part_of_every_language(lang, 2);
        layout.description = page.summary.to_string();
        if page.next.is_some() {
            page.when = Some(crate::schedule::compact(l));
            layout.when = Some(&self.langs[lang].when);
        }
        if !l.sessions.is_empty() && l.status == Status::Active {
            page.calendar = Some(format!(
                "{}listings/{id}/{id}.ics",
                layout.assets,
                id = l.id
            ));
        }
        Ok(Part {
            lang: t.lang.clone(),
            dir: if t.rtl() { "rtl" } else { "ltr" },
            title: layout.full_title(),
            // Templates and the minifier write UTF-8.
            html: String::from_utf8(self.theme.render("listing.html", &layout, &page)?)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        })
    }

    /// The listing's sessions as an iCalendar file, in the default language.
    fn calendar(&self, l: &Listing) -> String {
        let t = self.t(0);
        let base = self.dir.config.base_url.trim_end_matches('/');
        let url = format!("{base}/listings/{}/", l.id);
        let domain = base
            .split("://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .filter(|host| !host.is_empty())
            .unwrap_or("signpost");
        let location = match l.venues.first() {
            Some(v) => {
                let mut parts = vec![v.name.clone()];
                parts.extend(v.address.iter().cloned());
                parts.push(v.postcode.to_string());
                parts.join(", ")
            }
            None if l.online => t.get("way_online").to_string(),
            None if l.by_phone => t.get("way_phone").to_string(),
            None => area(t, l, &self.dir.config.area).unwrap_or_default(),
        };
        let mut notes = Vec::new();
        if l.term_time_only {
            notes.push(t.get(self.term_time_note()));
        }
        if l.by_appointment {
            notes.push(t.get("by_appointment"));
        }
        schedule::ics(
            l,
            &self.dir.calendar,
            self.dir.today,
            &schedule::CalendarText {
                url: &url,
                domain,
                location: &location,
                notes: &notes,
            },
        )
    }

    /// What `listing.html` shows of a listing, in the language of `t`.
    fn listing_page<'l>(&self, t: &'l Strings, l: &'l Listing) -> ListingPage<'l>
    where
        'a: 'l,
    {
        let vocab = &self.dir.vocab;
        let label = |v: &'a vocab::Vocabulary, id: &'l str| -> &'l str {
            v.get(id).map_or(id, |t| t.label.as_str())
        };
        let text = Text::of(t, l);
        let file = self.dir.file_history(l);
        let repo = self.dir.config.repository.as_deref();
        ListingPage {
            id: &l.id,
            name: text.name,
            name_lang: text.name_lang,
            summary: text.summary,
            summary_lang: text.summary_lang,
            organisation: l.organisation.as_deref(),
            description: text.description.map(markdown),
            description_lang: text.description_lang,
            needs: l
                .needs
                .iter()
                .map(|n| t.term("need", n).unwrap_or_else(|| label(&vocab.needs, n)))
                .collect(),
            activities: l
                .activities
                .iter()
                .map(|a| {
                    t.term("activity", a)
                        .unwrap_or_else(|| label(&vocab.activities, a))
                })
                .collect(),
            ages: ages(t, l.min_age, l.max_age),
            audiences: l
                .audiences
                .iter()
                .map(|a| fixed(t, "audience", vocab::AUDIENCES, a))
                .collect(),
            languages: l.languages.iter().map(|c| language_name(t, c)).collect(),
            cost: cost(t, &l.cost),
            joining: joining(t, l.joining),
            booking: l.booking.as_deref().filter(|u| is_web(u)),
            venues: l.venues.iter().map(|v| venue(t, v)).collect(),
            online: l.online,
            by_phone: l.by_phone,
            area: area(t, l, &self.dir.config.area),
            sessions: l.sessions.iter().map(|s| t.session(s)).collect(),
            term_time_only: l.term_time_only.then(|| t.get(self.term_time_note())),
            by_appointment: l.by_appointment,
            email: l.contact.email.as_deref(),
            phone: l.contact.phone.as_deref(),
            tel: l
                .contact
                .phone
                .as_deref()
                .and_then(crate::text::normalise_phone),
            website: l.contact.website.as_deref().filter(|u| is_web(u)),
            website_host: l.contact.website.as_deref().and_then(crate::text::url_host),
            confirmed: t.long_date(self.dir.confirmed(l).date),
            changed: file.map(|f| t.long_date(f.changed())),
            changed_by: file.and_then(|f| shown_name(&f.changes[0].author)),
            stale: self.dir.is_stale(l),
            status: status(l.status),
            notice: l.notice.as_deref(),
            example: l.example,
            translations: l
                .translations
                .iter()
                .filter(|(_, t)| t.name.is_some() || t.summary.is_some())
                .map(|(code, t)| TranslationView {
                    lang: code,
                    language: crate::languages::name(code).unwrap_or(code),
                    name: t.name.as_deref(),
                    summary: t.summary.as_deref(),
                })
                .collect(),
            edit: repo.map(|r| history::edit_url(r, BRANCH, &l.path)),
            report: repo.map(|r| history::report_url(r, &l.id)),
            confirm: repo.map(|r| history::confirm_url(r, &l.id)),
            next: next_session(t, l, &self.dir.calendar, self.dir.today),
            no_next: l.status == Status::Active
                && !l.sessions.is_empty()
                && schedule::next(l, &self.dir.calendar, self.dir.today).is_none(),
            calendar: None,
            when: None,
        }
    }
}

/// One language's rendering of a listing page.
struct Part {
    lang: String,
    dir: &'static str,
    title: String,
    html: String,
}

/// A listing page holding every language: the default language's document, with before its
/// body's content each other language's body in a `<div class="lang-page" id="<code>">`,
/// and the default's own body in the last such part (`id` of its code). Without
/// JavaScript, `listing.css` shows the part the address names (`#ar`, `:target`) and
/// otherwise the last; `signpost.js` also gives the document that part's language,
/// direction and title.
fn one_page(parts: &[Part]) -> String {
    let Some((first, others)) = parts.split_first() else {
        return String::new();
    };
    // The body's content: after `<body …>` (a theme's own base.html may give it attributes)
    // and before `</body>`.
    let body = |html: &str| -> (usize, usize) {
        let start = html
            .find("<body")
            .and_then(|i| html[i..].find('>').map(|j| i + j + 1))
            .unwrap_or(0);
        let end = html.rfind("</body>").unwrap_or(html.len());
        (start, end.max(start))
    };
    let open = |p: &Part| {
        format!(
            "<div class=\"lang-page\" id=\"{}\" lang=\"{}\" dir=\"{}\" data-title=\"{}\">",
            p.lang,
            p.lang,
            p.dir,
            crate::html::escape(&p.title)
        )
    };
    let (start, end) = body(&first.html);
    let mut html = String::with_capacity(parts.iter().map(|p| p.html.len() + 100).sum());
    html.push_str(&first.html[..start]);
    for p in others {
        let (s, e) = body(&p.html);
        html.push_str(&open(p));
        html.push_str(&p.html[s..e]);
        html.push_str("</div>");
    }
    html.push_str(&open(first));
    html.push_str(&first.html[start..end]);
    html.push_str("</div>");
    html.push_str(&first.html[end..]);
    html
}

/// A label of a fixed list (`vocab::AUDIENCES`, `vocab::ACCESS`) in the page's language, or
/// the list's own, or the id.
fn fixed<'l>(
    t: &'l Strings,
    kind: &str,
    list: &'static [(&'static str, &'static str)],
    id: &'l str,
) -> &'l str {
    t.term(kind, id)
        .or_else(|| vocab::label(list, id))
        .unwrap_or(id)
}

/// A venue as a listing page shows it, with a link to it on OpenStreetMap.
fn venue<'l>(t: &'l Strings, v: &'l Venue) -> VenueView<'l> {
    VenueView {
        name: &v.name,
        address: &v.address,
        postcode: v.postcode.to_string(),
        map: v.at.map(|at| {
            format!(
                "https://www.openstreetmap.org/?mlat={lat:.5}&mlon={lon:.5}#map=17/{lat:.5}/{lon:.5}",
                lat = at.lat,
                lon = at.lon
            )
        }),
        access_stated: v.access.is_some(),
        access: v
            .access
            .iter()
            .flatten()
            .map(|a| fixed(t, "access", vocab::ACCESS, a))
            .collect(),
    }
}

/// The name shown for who made a change: the commit's display name, else the GitHub handle
/// from a no-reply email; never an email address (the history keeps none).
fn shown_name(author: &history::Author) -> Option<&str> {
    Some(author.name.as_str())
        .filter(|n| !n.is_empty())
        .or(author.handle.as_deref())
}

/// A listing's page.
#[derive(Serialize)]
struct ListingPage<'a> {
    /// The listing's id, for the shortlist.
    id: &'a str,
    name: &'a str,
    name_lang: Option<&'static str>,
    summary: &'a str,
    summary_lang: Option<&'static str>,
    organisation: Option<&'a str>,
    /// Sanitised HTML.
    description: Option<String>,
    description_lang: Option<&'static str>,
    needs: Vec<&'a str>,
    activities: Vec<&'a str>,
    ages: Option<String>,
    audiences: Vec<&'a str>,
    languages: Vec<&'a str>,
    /// Each line, with its language when it is not the page's (a listing's own words).
    cost: Vec<super::words::Line>,
    joining: String,
    booking: Option<&'a str>,
    venues: Vec<VenueView<'a>>,
    online: bool,
    by_phone: bool,
    area: Option<String>,
    sessions: Vec<String>,
    /// For a term-time group: that it stops in school holidays, or, where the directory does
    /// not know the terms, to check the dates with the group.
    term_time_only: Option<&'a str>,
    by_appointment: bool,
    email: Option<&'a str>,
    phone: Option<&'a str>,
    /// The phone number's digits, for a `tel:` link.
    tel: Option<String>,
    website: Option<&'a str>,
    /// The website's host, the link's text: the text says where the link goes.
    website_host: Option<String>,
    /// When the group last confirmed the listing: the later of `reviewed` and the last change
    /// by one of its maintainers.
    confirmed: String,
    /// When the file last changed in git, and who changed it (a display name, never an email).
    changed: Option<String>,
    changed_by: Option<&'a str>,
    stale: bool,
    status: &'static str,
    notice: Option<&'a str>,
    example: bool,
    translations: Vec<TranslationView<'a>>,
    /// GitHub's web editor for the listing's file.
    edit: Option<String>,
    /// The "Report a problem with a listing" issue form, prefilled with the listing's id.
    report: Option<String>,
    /// The "Still correct" issue form, prefilled with the listing's id: a group confirms its
    /// listing in one step.
    confirm: Option<String>,
    /// "Next: Tuesday 24 November 2026, 10:00".
    next: Option<String>,
    /// Sessions are listed but none is still to come.
    no_next: bool,
    /// The listing's calendar file.
    calendar: Option<String>,
    /// With `next`: the sessions for `when.js` to work it out again in the page
    /// ([`schedule::compact`]).
    when: Option<String>,
}

/// A venue on a listing's page.
#[derive(Serialize)]
struct VenueView<'a> {
    name: &'a str,
    address: &'a [String],
    postcode: String,
    /// The venue on OpenStreetMap (a link only: no tiles or scripts on the page).
    map: Option<String>,
    access_stated: bool,
    access: Vec<&'a str>,
}

/// A translation of a listing's name and summary, as its page lists them.
#[derive(Serialize)]
struct TranslationView<'a> {
    lang: &'a str,
    language: &'a str,
    name: Option<&'a str>,
    summary: Option<&'a str>,
}

#[cfg(test)]
mod tests {
    use super::{Part, one_page};

    fn part(lang: &str, body: &str) -> Part {
        Part {
            lang: lang.into(),
            dir: "ltr",
            title: format!("T {lang}"),
            html: format!(
                "<!doctype html><html><head><title>T</title></head><body class=\"x\">{body}<script src=\"s.js\"></script></body></html>"
            ),
        }
    }

    #[test]
    fn every_language_is_a_part_of_one_document_the_default_last() {
        let html = one_page(&[part("en", "<main>E</main>"), part("ar", "<main>A</main>")]);
        assert_eq!(
            html,
            "<!doctype html><html><head><title>T</title></head><body class=\"x\">\
             <div class=\"lang-page\" id=\"ar\" lang=\"ar\" dir=\"ltr\" data-title=\"T ar\"><main>A</main><script src=\"s.js\"></script></div>\
             <div class=\"lang-page\" id=\"en\" lang=\"en\" dir=\"ltr\" data-title=\"T en\"><main>E</main><script src=\"s.js\"></script></div>\
             </body></html>"
        );
    }
}
