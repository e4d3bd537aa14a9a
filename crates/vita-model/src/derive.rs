//! Facts computed from the CV, once, for every backend: publication numbers,
//! acceptance rates, the per-venue count, the owner's place in author lists.

use std::collections::HashMap;
use std::fmt;

use crate::types::{Acceptance, Cv, PubKind, Publication, Section};

/// A validated CV with its derived facts.
#[derive(Clone, Debug)]
pub struct Document {
    /// The CV as written (or as a target shows it).
    pub cv: Cv,
    numbers: HashMap<String, u32>,
    /// For a target that counts everything: the full publication lists by section id.
    full_lists: Option<HashMap<String, Vec<Publication>>>,
    /// For a target's document: its paths and the source's paths they came from.
    origins: Vec<(String, String)>,
}

impl Document {
    /// Computes the derived facts of a CV that passed validation.
    pub fn new(cv: Cv) -> Document {
        let numbers = number_publications(&cv);
        Document { cv, numbers, full_lists: None, origins: Vec::new() }
    }

    /// The document for a part of this CV (`cv`, filtered by a target):
    /// publications keep this document's numbers unless `renumber`, and
    /// with `count_all` count lines count this document's full lists.
    pub fn derived(&self, cv: Cv, renumber: bool, count_all: bool) -> Document {
        let numbers = if renumber { number_publications(&cv) } else { self.numbers.clone() };
        let full_lists = count_all.then(|| {
            self.cv
                .all_sections()
                .filter_map(|s| match s {
                    Section::Publications(l) => Some((s.id(), l.entries.clone())),
                    _ => None,
                })
                .collect()
        });
        Document { cv, numbers, full_lists, origins: Vec::new() }
    }

    /// The publications a section's count line counts: the full list when
    /// the target counts everything, else the entries shown.
    pub fn counted<'a>(&'a self, section_id: &str, shown: &'a [Publication]) -> &'a [Publication] {
        self.full_lists.as_ref().and_then(|m| m.get(section_id)).map(Vec::as_slice).unwrap_or(shown)
    }

    /// Records where a target's sections and entries came from.
    pub fn set_origins(&mut self, origins: Vec<(String, String)>) {
        self.origins = origins;
    }

    /// The source path of a path in this document (`sections[1].entries[0].title`
    /// of a target may be `sections[3].entries[4].title` in the file).
    pub fn source_path(&self, path: &str) -> String {
        let mut cut = path;
        loop {
            if let Some((_, o)) = self.origins.iter().find(|(n, _)| n == cut) {
                return format!("{o}{}", &path[cut.len()..]);
            }
            if cut.is_empty() {
                return path.to_string();
            }
            cut = &cut[..cut.rfind(['.', '[']).unwrap_or(0)];
        }
    }

    /// Whether a publication is in this document (a target may leave it out
    /// while other entries still cite its number).
    pub fn is_shown(&self, id: &str) -> bool {
        self.cv.publications().any(|p| p.id == id)
    }

    /// The stable number of a publication by id: its place in the full list,
    /// counted from each section's `number_from`.
    pub fn number(&self, id: &str) -> Option<u32> {
        self.numbers.get(id).copied()
    }
}

fn number_publications(cv: &Cv) -> HashMap<String, u32> {
    let mut numbers = HashMap::new();
    let mut next = 1u32;
    for s in cv.all_sections() {
        if let Section::Publications(list) = s {
            if let Some(n) = list.number_from {
                next = n;
            }
            for p in &list.entries {
                numbers.insert(p.id.clone(), next);
                next = next.saturating_add(1);
            }
        }
    }
    numbers
}

/// An acceptance rate, rounded half up to a tenth of a percent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rate {
    /// The rate in tenths of a percent (184 for 18.4%).
    pub tenths: u32,
}

impl Acceptance {
    /// The rate, computed from the counts; `None` when nothing was submitted.
    pub fn rate(&self) -> Option<Rate> {
        if self.submitted == 0 {
            return None;
        }
        let (a, s) = (u64::from(self.accepted), u64::from(self.submitted));
        // round(a / s * 1000) with halves rounded up, in integers.
        let tenths = (a * 2000 + s) / (2 * s);
        Some(Rate { tenths: tenths as u32 })
    }
}

impl fmt::Display for Rate {
    /// `18.4%`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}%", self.tenths / 10, self.tenths % 10)
    }
}

/// The publication count by venue, as in "Published 12 peer-reviewed
/// publications: 1 MLSys, 6 NSDI, ...".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VenueCount {
    /// Peer-reviewed, accepted publications counted.
    pub total: u32,
    /// Venue short names with their counts, in the configured order.
    pub venues: Vec<(String, u32)>,
}

/// The short name a publication is counted under.
pub fn venue_key(p: &Publication) -> Option<String> {
    let v = p.venue.as_ref()?;
    Some(v.short.clone().unwrap_or_else(|| v.name.clone()))
}

/// `NSDI'23`: the short name with the two-digit year, for conferences and workshops.
pub fn venue_tag(p: &Publication) -> Option<String> {
    let v = p.venue.as_ref()?;
    let short = v.short.as_ref()?;
    match (p.kind, p.date.as_ref().and_then(|d| d.year())) {
        (PubKind::Journal, _) | (_, None) => Some(short.clone()),
        (_, Some(y)) => Some(format!("{short}'{:02}", y % 100)),
    }
}

/// Counts peer-reviewed, accepted publications by venue. Venues named in
/// `order` come first in that order; the others follow in order of first
/// appearance.
pub fn venue_counts<'a>(pubs: impl IntoIterator<Item = &'a Publication>, order: &[String]) -> VenueCount {
    let mut counts: Vec<(String, u32)> = Vec::new();
    let mut total = 0;
    for p in pubs {
        if !p.is_peer_reviewed() || !p.status.is_accepted() {
            continue;
        }
        total += 1;
        let Some(key) = venue_key(p) else { continue };
        match counts.iter_mut().find(|(k, _)| *k == key) {
            Some((_, n)) => *n += 1,
            None => counts.push((key, 1)),
        }
    }
    let rank = |k: &str| order.iter().position(|o| o == k).unwrap_or(usize::MAX);
    // A stable sort keeps first-appearance order among unranked venues.
    counts.sort_by_key(|(k, _)| rank(k));
    VenueCount { total, venues: counts }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_round_half_up_to_a_tenth() {
        let r = |a, s| Acceptance { accepted: a, submitted: s, cycle: None }.rate().map(|r| r.to_string());
        assert_eq!(r(50, 272).as_deref(), Some("18.4%"));
        assert_eq!(r(51, 247).as_deref(), Some("20.6%"));
        assert_eq!(r(30, 240).as_deref(), Some("12.5%"));
        assert_eq!(r(1, 8).as_deref(), Some("12.5%"));
        assert_eq!(r(1, 16).as_deref(), Some("6.3%"));
        assert_eq!(r(0, 0), None);
    }
}
