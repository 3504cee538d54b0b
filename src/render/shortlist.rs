//! A site's shortlist: the page a link worker prints as a one-page "social prescription", and
//! the facts of the site's listings that page reads.
//!
//! The chosen listings are not in any file: their ids live only in the page's address
//! (`<site>/shortlist/?l=id1,id2`), put there by `themes/default/shortlist.js` as listings are
//! ticked on the site's pages. So `<site>/shortlist/index.html` is one page whatever is
//! chosen, and the script fills it from the facts the page carries (a `<script
//! type="application/json" data-shortlist-facts>`, read, never run: no file of its own, which
//! was one more file per site and language): the listings that site shows (nearby, for the
//! wards it reaches and available everywhere: the site's one selection), each with only what
//! the prescription prints, in the page's language. Nothing about the person is stored anywhere. When services available
//! everywhere have a shared search index ([`super::EVERYWHERE_INLINE_MAX`]), their facts are
//! likewise written once per language, in `everywhere/shortlist.json`, which the page reads
//! as well, instead of into every site's file.
//!
//! The facts are an object from listing id to an [`Item`] with one-letter keys (they are
//! downloaded with every shortlist page): `n` name, `s` summary, `w` when (lines), `v` where,
//! `d` walking time from the site, `p` phone with `ph` its `tel:` digits, `e` email, `u`
//! website and `b` booking (each the link's host, shown as its text, with `uh` and `bh` the
//! addresses they go to); `nl` and `sl` give the language of the name and summary when they are
//! not the page's.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::jobs::{Written, write};
use super::site::SitePages;
use super::view::Text;
use super::{Error, MAX_WALK_SHOWN, Renderer, is_borough_wide, is_web};
use crate::i18n::Strings;
use crate::model::Listing;
use crate::select::Nearby;

/// One listing as the prescription prints it (see the module documentation for the keys).
#[derive(Serialize)]
struct Item<'a> {
    n: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    nl: Option<&'static str>,
    s: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    sl: Option<&'static str>,
    w: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    v: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    d: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    p: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ph: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    e: Option<&'a str>,
    /// The website's host, shown as the link's text; `uh` is the address it goes to.
    #[serde(skip_serializing_if = "Option::is_none")]
    u: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    uh: Option<&'a str>,
    /// The booking link's host, shown as its text; `bh` is the address it goes to.
    #[serde(skip_serializing_if = "Option::is_none")]
    b: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bh: Option<&'a str>,
}

#[derive(Serialize)]
struct ShortlistPage<'a> {
    site: &'a str,
    address: &'a [String],
    postcode: String,
    phone: Option<&'a str>,
    /// Whether walking times are shown (from a practice, not borough-wide).
    walk_from: bool,
    /// The shared facts of services available everywhere, when they have their own file.
    also: Option<&'static str>,
    /// The facts of the site's listings, JSON safe inside a `<script>` element.
    facts: String,
}

/// Writes `<site>/shortlist/index.html` of the site's `pages`, with the facts of its listings.
pub(super) fn write_site<'a>(pages: &SitePages<'_, 'a>) -> Result<Written, Error> {
    let (r, site, l, t) = (pages.r, pages.site, pages.l, pages.t);
    let (selection, folder) = (&pages.selection, &pages.folder);
    let borough_wide = is_borough_wide(site);
    let mut items: BTreeMap<&str, Item> = BTreeMap::new();
    let nearby_item = |n: &Nearby<'a>| {
        let venue = &n.listing.venues[n.venue];
        let mut place = vec![venue.name.clone()];
        place.extend(venue.address.iter().cloned());
        place.push(venue.postcode.to_string());
        let walk = (!borough_wide).then(|| {
            if n.minutes <= MAX_WALK_SHOWN {
                t.fill("walk_minutes", &[("n", &n.minutes.to_string())])
            } else {
                t.fill("km_away", &[("km", &format!("{:.1}", n.metres / 1000.0))])
            }
        });
        let next = r.next_session_of(l, n.listing);
        item(
            t,
            n.listing,
            place.join(", "),
            walk,
            next,
            r.term_time_note(),
        )
    };
    for n in &selection.near {
        items.insert(&n.listing.id, nearby_item(n));
    }
    // Ward services: where they meet, when they have a venue, else whom they serve.
    for local in &selection.local {
        let it = match &local.venue {
            Some(n) => nearby_item(n),
            None => everywhere_item(r, l, local.listing),
        };
        items.insert(&local.listing.id, it);
    }
    if !r.shared_everywhere {
        for listing in &selection.everywhere {
            items.insert(&listing.id, everywhere_item(r, l, listing));
        }
    }
    let path = folder.join("shortlist").join("index.html");
    let facts = json_of(&path, &items)?;
    let page = ShortlistPage {
        site: &site.name,
        address: &site.address,
        postcode: site.postcode.to_string(),
        phone: site.phone.as_deref(),
        walk_from: !borough_wide,
        also: r
            .shared_everywhere
            .then_some("../../everywhere/shortlist.json"),
        facts: in_script(&facts),
    };
    let mut layout = r.layout(
        l,
        format!("{} – {}", t.get("shortlist_title"), site.name),
        2,
        Some(site),
        &format!("{}/shortlist/", site.id),
    );
    layout.description = t.fill("shortlist_help", &[("site", &site.name)]);
    let html = r.theme.render("shortlist.html", &layout, &page)?;
    write(&path, &html)?;
    Ok(Written { pages: 1, files: 1 })
}

/// `everywhere/shortlist.json` in language `l`: the facts of every service available
/// everywhere, for the shortlist pages of every site, when they are not in each site's file.
pub(super) fn write_everywhere(r: &Renderer, l: usize, out: &Path) -> Result<Written, Error> {
    let items: BTreeMap<&str, Item> = r
        .published
        .listings
        .iter()
        .filter(|listing| crate::select::is_everywhere(listing))
        .map(|listing| (listing.id.as_str(), everywhere_item(r, l, listing)))
        .collect();
    let path = out.join("everywhere").join("shortlist.json");
    write(&path, json_of(&path, &items)?)?;
    Ok(Written { pages: 0, files: 1 })
}

/// The facts of `items` as JSON, for the file or page at `path`.
fn json_of(path: &Path, items: &BTreeMap<&str, Item>) -> Result<String, Error> {
    serde_json::to_string(items).map_err(|source| Error::Json {
        path: path.to_path_buf(),
        source,
    })
}

/// JSON as the content of a `<script type="application/json">`: `<`, `>` and `&` as `\u`
/// escapes (the same JSON), so that no text of a listing can close the element or open a
/// comment in it.
fn in_script(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// A service available everywhere: where is how to reach it (online, by phone, the area).
fn everywhere_item<'a>(r: &Renderer, l: usize, listing: &'a Listing) -> Item<'a> {
    let t = r.t(l);
    let mut ways = Vec::new();
    if listing.online {
        ways.push(t.get("way_online").to_string());
    }
    if listing.by_phone {
        ways.push(t.get("way_phone").to_string());
    }
    ways.extend(super::words::area(t, listing, &r.dir.config.area));
    let next = r.next_session_of(l, listing);
    item(t, listing, ways.join(", "), None, next, r.term_time_note())
}

/// `next`: the next session as the cards word it, printed first; `term_note`: the key of the
/// sentence a term-time group's sessions end with ([`Renderer::term_time_note`]).
fn item<'a>(
    t: &Strings,
    l: &'a Listing,
    place: String,
    walk: Option<String>,
    next: Option<String>,
    term_note: &str,
) -> Item<'a> {
    let text = Text::of(t, l);
    let mut when: Vec<String> = next.into_iter().collect();
    when.extend(l.sessions.iter().map(|s| t.session(s)));
    if l.term_time_only {
        when.push(t.get(term_note).to_string());
    }
    if l.by_appointment {
        when.push(t.get("by_appointment").to_string());
    }
    if when.is_empty() {
        when.push(t.get("ask_when").to_string());
    }
    let website = l.contact.website.as_deref().filter(|u| is_web(u));
    let booking = l.booking.as_deref().filter(|u| is_web(u));
    Item {
        n: text.name,
        nl: text.name_lang,
        s: text.summary,
        sl: text.summary_lang,
        w: when,
        v: Some(place).filter(|p| !p.is_empty()),
        d: walk,
        p: l.contact.phone.as_deref(),
        ph: l
            .contact
            .phone
            .as_deref()
            .and_then(crate::text::normalise_phone),
        e: l.contact.email.as_deref(),
        u: website.and_then(crate::text::url_host),
        uh: website,
        b: booking.and_then(crate::text::url_host),
        bh: booking,
    }
}
