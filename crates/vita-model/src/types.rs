//! The canonical CV types, as written in RON.
//!
//! Every optional field has a default, so a RON file names only what it has.
//! Sections are an enum of kinds (`Positions(...)`, `Publications(...)`), each with
//! a title chosen by the author; several sections of one kind are fine.

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

use crate::date::{End, When};
use crate::rich::Rich;

fn is_false(b: &bool) -> bool {
    !*b
}

/// A whole CV.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cv {
    /// The person the CV is about.
    pub person: Person,
    /// When the CV was last updated; printed in outputs and used as the document date.
    pub updated: Option<When>,
    /// Document-wide settings.
    #[serde(default, skip_serializing_if = "Settings::is_default")]
    pub settings: Settings,
    /// The sections, in output order.
    #[serde(default)]
    pub sections: Vec<Section>,
    /// Tailored outputs, built into `out/<name>/` (see [`crate::target`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<crate::target::Target>,
}

/// Document-wide settings.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// Venue short names in the order the per-venue count line lists them;
    /// venues not named follow in order of first appearance.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub venue_order: Vec<String>,
    /// Language of the document, as a BCP 47 tag (`en`); default `en`.
    pub lang: Option<String>,
    /// A folder of template overrides, relative to the CV file.
    pub templates: Option<String>,
    /// A file next to the CV holding more targets (a RON list of targets).
    pub targets: Option<String>,
    /// The look of the PDF and the page: a built-in theme (`classic`,
    /// `modern`, `margin`, `compact`; `vita themes` lists them) or one in a
    /// `themes/NAME/` folder beside the CV; default `classic`.
    pub theme: Option<String>,
    /// The theme's options, by name (`{"accent": "#0f5c73", "size": "10pt"}`);
    /// `vita themes` lists each theme's options and defaults.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub theme_options: std::collections::BTreeMap<String, String>,
    /// The citation style publications are printed in: a bundled CSL
    /// style (`apa`, `ieee`, `chicago-author-date`, `vancouver`, `mla`;
    /// `vita formats` lists them) or a `.csl` file beside the CV
    /// (`styles/mine.csl`); default: vita's own format.
    pub citation_style: Option<String>,
    /// Settings of output formats, by format name: an untyped table of
    /// strings that each format's backend reads and the model does not
    /// interpret (`{"jsonresume": {"$schema": "...", "meta.version": "v1.0.0"}}`:
    /// what `vita import` keeps of a JSON Resume file so that its export gives
    /// the file back). `vita check` refuses a format name vita does not have.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub formats: std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>,
}

impl Settings {
    fn is_default(&self) -> bool {
        *self == Settings::default()
    }
}

/// The person the CV is about.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Full name as it heads the CV.
    pub name: String,
    /// Other spellings of the name used in author lists.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// A short professional label (`Assistant Professor of Computer Science`).
    pub label: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Telephone number.
    pub phone: Option<String>,
    /// Personal website.
    pub website: Option<String>,
    /// A photo's address (JSON Resume's `image`): it reaches `cv.json`.
    pub image: Option<String>,
    /// A photo to print: a JPEG or PNG file beside the CV (`photo.jpg`),
    /// drawn by the themes that place one and embedded in the HTML page
    /// and the Europass v3 XML; never in a target with `ats: true`.
    pub photo: Option<String>,
    /// Postal address.
    pub address: Option<Address>,
    /// Online profiles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub profiles: Vec<Profile>,
    /// A short summary.
    pub summary: Option<Rich>,
}

/// A postal address.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Address {
    /// Street and number, one or more lines.
    pub street: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Region or state.
    pub region: Option<String>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// ISO 3166-1 alpha-2 country code (`US`, `GB`, `DE`).
    pub country: Option<String>,
}

/// An online profile.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Profile {
    /// Network name (`GitHub`, `Google Scholar`, `ORCID`).
    pub network: String,
    /// User name on the network.
    pub username: Option<String>,
    /// Profile address.
    pub url: Option<String>,
}

/// Fields every list section has.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct List<T> {
    /// Identifier for targets and anchors; default: derived from the title.
    pub id: Option<String>,
    /// The heading.
    pub title: String,
    /// Text printed under the heading.
    pub intro: Option<Rich>,
    /// The entries, in output order.
    #[serde(default)]
    pub entries: Vec<T>,
}

/// A section of publications, numbered.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PublicationList {
    /// Identifier for targets and anchors; default: derived from the title.
    pub id: Option<String>,
    /// The heading.
    pub title: String,
    /// Text printed under the heading.
    pub intro: Option<Rich>,
    /// The number of the first entry; default: one more than the previous
    /// publication section's last, or 1.
    pub number_from: Option<u32>,
    /// Print the per-venue count line (`Published 12 peer-reviewed publications: ...`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub count_line: bool,
    /// A file the entries come from, relative to the CV: BibTeX or BibLaTeX
    /// (`.bib`), CSL-JSON or a saved ORCID works record (`.json`). Its entries
    /// join those written in `entries`; the file is only read.
    pub from: Option<String>,
    /// What the file lacks, by citation key (or DOI): acceptance counts,
    /// status, awards, equal contribution, a venue's short name, selection,
    /// tags, links, notes, another id.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub overlay: std::collections::BTreeMap<String, Overlay>,
    /// Citation keys (or DOIs) of the file's entries to leave out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
    /// The order of the entries; default `Newest` with `from`, `AsWritten` without.
    pub order: Option<Order>,
    /// The publications (with `order: AsWritten`, in output order).
    #[serde(default)]
    pub entries: Vec<Publication>,
}

/// The order of a publication section's entries.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
pub enum Order {
    /// Newest first; entries of one date keep their order.
    Newest,
    /// Oldest first; entries of one date keep their order.
    Oldest,
    /// As written: `entries`, then the file's entries in the file's order.
    AsWritten,
}

/// Additions to and replacements of a publication read from a file. Every
/// field is optional; a given one replaces the file's value (lists and
/// links are added to it).
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Overlay {
    /// The id used for cross-references; default: the citation key.
    pub id: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// The authors, replacing the file's list.
    pub authors: Option<Vec<Author>>,
    /// Authors who contributed equally (co-first), by name as in the file
    /// (`"Park, Seo Jin"` and `"Seo Jin Park"` both match).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub equal: Vec<String>,
    /// Venue fields, each replacing the file's.
    pub venue: Option<VenuePatch>,
    /// Kind.
    pub kind: Option<PubKind>,
    /// Status.
    pub status: Option<Status>,
    /// Date.
    pub date: Option<When>,
    /// Acceptance counts of the venue.
    pub acceptance: Option<Acceptance>,
    /// Paper awards, added.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub awards: Vec<String>,
    /// Links; those given replace the file's.
    #[serde(skip_serializing_if = "Links::is_empty")]
    pub links: Links,
    /// Peer reviewed.
    pub peer_reviewed: Option<bool>,
    /// A note printed after the entry, replacing the file's.
    pub note: Option<Rich>,
    /// Tags, added.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Marked for selective targets.
    pub selected: Option<bool>,
}

/// Venue fields of an [`Overlay`], each optional.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct VenuePatch {
    /// Short name (`NSDI`).
    pub short: Option<String>,
    /// Full name.
    pub name: Option<String>,
    /// Edition (`20th`).
    pub edition: Option<String>,
    /// Journal volume.
    pub volume: Option<String>,
    /// Journal issue.
    pub issue: Option<String>,
    /// Article number.
    pub article: Option<String>,
    /// Pages.
    pub pages: Option<String>,
    /// Publisher.
    pub publisher: Option<String>,
    /// Where the event took place.
    pub location: Option<String>,
}

/// The research statement section: areas, vision and projects.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Research {
    /// Identifier; default: derived from the title.
    pub id: Option<String>,
    /// The heading.
    pub title: String,
    /// Areas of interest.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<String>,
    /// The vision statement.
    pub vision: Option<Rich>,
    /// Projects, each citing publications by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub projects: Vec<Project>,
}

/// A research project.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// The project's name.
    pub name: String,
    /// A description.
    pub description: Option<Rich>,
    /// Ids of the publications that belong to it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub publications: Vec<String>,
    /// Project website.
    pub url: Option<String>,
}

/// A free-text section.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// Identifier; default: derived from the title.
    pub id: Option<String>,
    /// The heading.
    pub title: String,
    /// The text.
    pub body: Rich,
}

/// A heading over several sections (`Teaching and mentoring`).
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Identifier; default: derived from the title.
    pub id: Option<String>,
    /// The heading.
    pub title: String,
    /// The sections under it (groups do not nest).
    #[serde(default)]
    pub sections: Vec<Section>,
}

/// A section of the CV.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub enum Section {
    /// Employment and other positions.
    Positions(List<Position>),
    /// Degrees.
    Education(List<Degree>),
    /// Research interests, vision and projects.
    Research(Research),
    /// Publications, numbered.
    Publications(PublicationList),
    /// Courses taught.
    Teaching(List<Course>),
    /// People mentored or advised.
    Mentoring(List<Mentee>),
    /// Professional service.
    Service(List<Service>),
    /// Awards, honours and scholarships.
    Awards(List<Award>),
    /// Talks and presentations.
    Talks(List<Talk>),
    /// Grants and funding.
    Grants(List<Grant>),
    /// Skills.
    Skills(List<Skill>),
    /// Languages with CEFR levels.
    Languages(List<Language>),
    /// Certificates.
    Certificates(List<Certificate>),
    /// Free entries.
    Custom(List<Item>),
    /// A paragraph of text.
    Text(Text),
    /// A heading over sub-sections.
    Group(Group),
}

/// A position: employment, appointment or internship.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Position {
    /// Organisation.
    pub org: String,
    /// City and region or country, as printed.
    pub location: Option<String>,
    /// Job title.
    pub title: Option<String>,
    /// Department, lab or group.
    pub unit: Option<String>,
    /// What the organisation is (`Awesome compression company`).
    pub about: Option<String>,
    /// Start.
    pub start: Option<When>,
    /// End, or `present`.
    pub end: Option<End>,
    /// Advisor or supervisor.
    pub advisor: Option<String>,
    /// What was done.
    pub description: Option<Rich>,
    /// Highlights, one per line in outputs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub highlights: Vec<Rich>,
    /// Organisation website.
    pub url: Option<String>,
    /// Tags for targets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Marked for selective targets.
    #[serde(default, skip_serializing_if = "is_false")]
    pub selected: bool,
}

/// A degree.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Degree {
    /// Institution.
    pub institution: String,
    /// City and region or country.
    pub location: Option<String>,
    /// The degree (`Ph.D.`, `M.Eng.`, `B.S.`).
    pub degree: Option<String>,
    /// Field of study.
    pub field: Option<String>,
    /// Start.
    pub start: Option<When>,
    /// End (graduation), or `present`.
    pub end: Option<End>,
    /// Advisor.
    pub advisor: Option<String>,
    /// Thesis title.
    pub thesis: Option<String>,
    /// Grade or GPA, as printed.
    pub grade: Option<String>,
    /// Further details.
    pub description: Option<Rich>,
    /// Institution website.
    pub url: Option<String>,
    /// Courses taken, one per line in outputs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub courses: Vec<String>,
    /// Tags for targets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Marked for selective targets.
    #[serde(default, skip_serializing_if = "is_false")]
    pub selected: bool,
}

/// An author of a publication.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Author {
    /// The name as printed.
    pub name: String,
    /// Equal contribution (co-first authorship), printed with a mark.
    pub equal: bool,
    /// The family name, when it is not the name's last word (`van
    /// Beethoven`; an organisation's whole name): what a bibliography sorts
    /// by. Kept from BibTeX so that `cv.bib` splits the name as the source did.
    pub family: Option<String>,
}

impl Author {
    /// The name that stands for more authors not named (`et al.`; BibTeX's
    /// `and others`).
    pub const ET_AL: &'static str = "et al.";

    /// Whether this is the [`Author::ET_AL`] mark rather than a person.
    pub fn is_et_al(&self) -> bool {
        self.name == Self::ET_AL
    }
}

impl Serialize for Author {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.equal || self.family.is_some() {
            use serde::ser::SerializeStruct;
            let mut st = s.serialize_struct("Author", 1 + usize::from(self.equal) + usize::from(self.family.is_some()))?;
            st.serialize_field("name", &self.name)?;
            if self.equal {
                st.serialize_field("equal", &true)?;
            }
            if let Some(f) = &self.family {
                st.serialize_field("family", f)?;
            }
            st.end()
        } else {
            s.serialize_str(&self.name)
        }
    }
}

impl<'de> Deserialize<'de> for Author {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = Author;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an author name, or (name: \"...\", equal: true, family: \"...\")")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Author, E> {
                Ok(Author { name: v.to_string(), ..Author::default() })
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Author, A::Error> {
                let mut a = Author::default();
                let mut named = false;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "name" => {
                            a.name = map.next_value()?;
                            named = true;
                        }
                        "equal" => a.equal = map.next_value()?,
                        "family" => a.family = Some(map.next_value()?),
                        other => return Err(de::Error::unknown_field(other, &["name", "equal", "family"])),
                    }
                }
                if !named {
                    return Err(de::Error::missing_field("name"));
                }
                Ok(a)
            }
        }
        d.deserialize_any(V)
    }
}

/// Where a publication appeared.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Venue {
    /// Short name (`NSDI`), used in `NSDI'23` and the per-venue count.
    pub short: Option<String>,
    /// Full name (`USENIX Symposium on Networked Systems Design and Implementation`).
    pub name: String,
    /// Edition as printed before the name (`20th`, `2018`).
    pub edition: Option<String>,
    /// Journal volume.
    pub volume: Option<String>,
    /// Journal issue.
    pub issue: Option<String>,
    /// Article number.
    pub article: Option<String>,
    /// Pages (`123–135`).
    pub pages: Option<String>,
    /// Publisher.
    pub publisher: Option<String>,
    /// Where the event took place.
    pub location: Option<String>,
}

/// The kind of a publication.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
pub enum PubKind {
    /// Conference paper.
    #[default]
    Conference,
    /// Journal article.
    Journal,
    /// Workshop paper.
    Workshop,
    /// Preprint (arXiv, a working paper) or an unpublished manuscript.
    Preprint,
    /// Book.
    Book,
    /// Book chapter.
    Chapter,
    /// Thesis.
    Thesis,
    /// Poster or demo.
    Poster,
    /// Technical report: the venue its series or institution, `article`
    /// its number.
    Report,
    /// Patent: the venue its country or office as patent numbers name
    /// it (`US`, `EP`), `article` its number.
    Patent,
    /// Software: the venue where it is published (`Zenodo`), `edition`
    /// its version.
    Software,
    /// Dataset: the venue its repository, `edition` its version.
    Dataset,
    /// Anything else.
    Other,
}

impl PubKind {
    /// Whether this kind is peer reviewed unless the entry says otherwise.
    pub fn peer_reviewed_by_default(self) -> bool {
        matches!(self, PubKind::Conference | PubKind::Journal | PubKind::Workshop)
    }
}

/// Where a publication is in its life.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
pub enum Status {
    /// Published.
    #[default]
    Published,
    /// Accepted, printed as "To appear".
    ToAppear,
    /// Accepted.
    Accepted,
    /// Under review.
    UnderReview,
    /// Submitted.
    Submitted,
    /// In preparation.
    InPreparation,
}

impl Status {
    /// Accepted or published: counts as a publication.
    pub fn is_accepted(self) -> bool {
        matches!(self, Status::Published | Status::ToAppear | Status::Accepted)
    }
}

/// Acceptance statistics as counts; the rate is derived.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    /// Papers accepted.
    pub accepted: u32,
    /// Papers submitted.
    pub submitted: u32,
    /// The submission cycle the counts are for (`spring submissions`).
    pub cycle: Option<String>,
}

/// Links of a publication.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Links {
    /// The paper itself.
    pub paper: Option<String>,
    /// A DOI (`10.1145/...`), without the resolver.
    pub doi: Option<String>,
    /// Slides.
    pub slides: Option<String>,
    /// Code.
    pub code: Option<String>,
    /// Video of the talk.
    pub video: Option<String>,
}

impl Links {
    /// The links as (label, address) pairs, DOI resolved, in a fixed order.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut v = Vec::new();
        if let Some(u) = &self.paper {
            v.push(("paper", u.clone()));
        }
        if let Some(d) = &self.doi {
            v.push(("doi", format!("https://doi.org/{d}")));
        }
        if let Some(u) = &self.slides {
            v.push(("slides", u.clone()));
        }
        if let Some(u) = &self.code {
            v.push(("code", u.clone()));
        }
        if let Some(u) = &self.video {
            v.push(("video", u.clone()));
        }
        v
    }

    /// A DOI as written anywhere (`https://doi.org/10.1/x`, `doi:10.1/x`)
    /// without its resolver: what `doi` holds.
    pub fn bare_doi(doi: &str) -> &str {
        ["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"]
            .iter()
            .find_map(|p| doi.strip_prefix(p))
            .unwrap_or(doi)
    }

    /// True when there is no link.
    pub fn is_empty(&self) -> bool {
        self.pairs().is_empty()
    }
}

/// A publication.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Publication {
    /// Identifier, unique in the CV, for cross-references.
    pub id: String,
    /// Title.
    pub title: String,
    /// Authors in order.
    #[serde(default)]
    pub authors: Vec<Author>,
    /// Where it appeared.
    pub venue: Option<Venue>,
    /// Kind; default `Conference`.
    #[serde(default, skip_serializing_if = "is_default")]
    pub kind: PubKind,
    /// Status; default `Published`.
    #[serde(default, skip_serializing_if = "is_default")]
    pub status: Status,
    /// Date of publication (or of the venue).
    pub date: Option<When>,
    /// Acceptance counts of the venue.
    pub acceptance: Option<Acceptance>,
    /// Paper awards (`Best Paper Award`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub awards: Vec<String>,
    /// Links.
    #[serde(default, skip_serializing_if = "Links::is_empty")]
    pub links: Links,
    /// Peer reviewed; default depends on the kind.
    pub peer_reviewed: Option<bool>,
    /// A note printed after the entry.
    pub note: Option<Rich>,
    /// Tags for targets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Marked for selective targets.
    #[serde(default, skip_serializing_if = "is_false")]
    pub selected: bool,
}

fn is_default<T: Default + PartialEq>(t: &T) -> bool {
    *t == T::default()
}

impl Publication {
    /// Peer reviewed, from the flag or the kind.
    pub fn is_peer_reviewed(&self) -> bool {
        self.peer_reviewed.unwrap_or_else(|| self.kind.peer_reviewed_by_default())
    }
}

/// A course taught.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Course {
    /// Course name.
    pub course: String,
    /// Course code (`CS 244b`).
    pub code: Option<String>,
    /// Role (`Instructor`, `TA`, `Lab Assistant`).
    pub role: Option<String>,
    /// Institution.
    pub institution: Option<String>,
    /// Term (`Fall 2017`) or date.
    pub term: Option<When>,
    /// Last term, when taught over several.
    pub end: Option<End>,
    /// Further details.
    pub description: Option<Rich>,
    /// Course website.
    pub url: Option<String>,
    /// Tags for targets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Marked for selective targets.
    #[serde(default, skip_serializing_if = "is_false")]
    pub selected: bool,
}

/// A person mentored or advised.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mentee {
    /// Name.
    pub name: String,
    /// Institution or programme (`MIT`, `Stanford`).
    pub institution: Option<String>,
    /// Level (`PhD`, `Master`, `Undergrad`).
    pub level: Option<String>,
    /// Class year (printed `Undergrad'18`).
    pub class_of: Option<u16>,
    /// Start (or the only term).
    pub start: Option<When>,
    /// End, or `present`.
    pub end: Option<End>,
    /// Further details (thesis, where they went).
    pub description: Option<Rich>,
    /// Tags for targets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Marked for selective targets.
    #[serde(default, skip_serializing_if = "is_false")]
    pub selected: bool,
}

/// A service role.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Role (`Program Committee`).
    pub role: String,
    /// Venue or organisation, with details.
    pub org: Option<String>,
    /// Year or date.
    pub date: Option<When>,
    /// End, for a role held over years.
    pub end: Option<End>,
    /// Further details.
    pub description: Option<Rich>,
    /// Highlights, one per line in outputs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub highlights: Vec<Rich>,
    /// Website.
    pub url: Option<String>,
    /// Tags for targets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Marked for selective targets.
    #[serde(default, skip_serializing_if = "is_false")]
    pub selected: bool,
}

/// An amount of money.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Amount {
    /// The value in whole units.
    pub value: u64,
    /// ISO 4217 currency code (`USD`, `EUR`).
    pub currency: String,
}

impl Amount {
    /// `$250,000`, `€1,200`, `1,200 CHF`.
    pub fn display(&self) -> String {
        let digits = self.value.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        match self.currency.as_str() {
            "USD" => format!("${grouped}"),
            "EUR" => format!("€{grouped}"),
            "GBP" => format!("£{grouped}"),
            c => format!("{grouped} {c}"),
        }
    }
}

/// An award, honour or scholarship.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Award {
    /// Name.
    pub name: String,
    /// Awarding body.
    pub by: Option<String>,
    /// Amount granted.
    pub amount: Option<Amount>,
    /// What the amount covers (`over five years of graduate study`).
    pub note: Option<Rich>,
    /// Date, or start of the period.
    pub date: Option<When>,
    /// End of the period.
    pub end: Option<End>,
    /// The publication the award is for, by id.
    pub publication: Option<String>,
    /// Website.
    pub url: Option<String>,
    /// Tags for targets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Marked for selective targets.
    #[serde(default, skip_serializing_if = "is_false")]
    pub selected: bool,
}

/// A talk.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Talk {
    /// Title.
    pub title: String,
    /// Event or host.
    pub event: Option<String>,
    /// Place.
    pub location: Option<String>,
    /// Date.
    pub date: Option<When>,
    /// Invited talk.
    #[serde(default, skip_serializing_if = "is_false")]
    pub invited: bool,
    /// The publication presented, by id.
    pub publication: Option<String>,
    /// Slides or video.
    pub url: Option<String>,
    /// Further details.
    pub description: Option<Rich>,
    /// Tags for targets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Marked for selective targets.
    #[serde(default, skip_serializing_if = "is_false")]
    pub selected: bool,
}

/// A grant.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Grant {
    /// Title of the grant or project.
    pub title: String,
    /// Funder (`NSF`).
    pub funder: Option<String>,
    /// Programme or award number.
    pub number: Option<String>,
    /// Role (`PI`, `co-PI`).
    pub role: Option<String>,
    /// Amount.
    pub amount: Option<Amount>,
    /// Start.
    pub start: Option<When>,
    /// End, or `present`.
    pub end: Option<End>,
    /// Further details.
    pub description: Option<Rich>,
    /// Tags for targets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Marked for selective targets.
    #[serde(default, skip_serializing_if = "is_false")]
    pub selected: bool,
}

/// A skill or a group of skills.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Skill {
    /// Name or category (`Programming`).
    pub name: String,
    /// Level, as printed (`Expert`).
    pub level: Option<String>,
    /// Keywords (`Rust`, `C++`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// Tags for targets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Marked for selective targets.
    #[serde(default, skip_serializing_if = "is_false")]
    pub selected: bool,
}

/// A CEFR level.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, schemars::JsonSchema)]
#[allow(missing_docs, reason = "the CEFR levels are their own documentation")]
pub enum Cefr {
    A1,
    A2,
    B1,
    B2,
    C1,
    C2,
}

impl Cefr {
    /// `A1` … `C2`.
    pub fn code(self) -> &'static str {
        match self {
            Cefr::A1 => "A1",
            Cefr::A2 => "A2",
            Cefr::B1 => "B1",
            Cefr::B2 => "B2",
            Cefr::C1 => "C1",
            Cefr::C2 => "C2",
        }
    }

    /// The level of a code (`B2`), the inverse of [`Cefr::code`].
    pub fn from_code(code: &str) -> Option<Cefr> {
        [Cefr::A1, Cefr::A2, Cefr::B1, Cefr::B2, Cefr::C1, Cefr::C2].into_iter().find(|c| c.code() == code.trim())
    }
}

/// CEFR self-assessment per skill, as Europass asks.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CefrGrid {
    /// Listening.
    pub listening: Cefr,
    /// Reading.
    pub reading: Cefr,
    /// Spoken interaction.
    pub spoken_interaction: Cefr,
    /// Spoken production.
    pub spoken_production: Cefr,
    /// Writing.
    pub writing: Cefr,
}

/// A language.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Language {
    /// Name (`Korean`).
    pub name: String,
    /// ISO 639-1 code (`ko`), used by Europass.
    pub code: Option<String>,
    /// Mother tongue.
    #[serde(default, skip_serializing_if = "is_false")]
    pub native: bool,
    /// Overall CEFR level.
    pub level: Option<Cefr>,
    /// CEFR level per skill; default: the overall level for all five.
    pub grid: Option<CefrGrid>,
    /// Free description of the level (`fluent`), where no CEFR level is given.
    pub fluency: Option<String>,
    /// Tags for targets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Marked for selective targets.
    #[serde(default, skip_serializing_if = "is_false")]
    pub selected: bool,
}

impl Language {
    /// The CEFR levels of the five skills (listening, reading, spoken
    /// interaction, spoken production, writing): the grid, else the overall
    /// level for all five.
    pub fn cefr_grid(&self) -> Option<[Cefr; 5]> {
        match (&self.grid, self.level) {
            (Some(g), _) => Some([g.listening, g.reading, g.spoken_interaction, g.spoken_production, g.writing]),
            (None, Some(c)) => Some([c; 5]),
            (None, None) => None,
        }
    }

    /// Sets the levels of the five skills (the order of [`Language::cefr_grid`]):
    /// one overall level when they are all the same, else the grid; nothing
    /// unless all five are given.
    pub fn set_cefr_grid(&mut self, grid: [Option<Cefr>; 5]) {
        if let [Some(a), Some(b), Some(c), Some(d), Some(e)] = grid {
            if a == b && b == c && c == d && d == e {
                self.level = Some(a);
            } else {
                self.grid = Some(CefrGrid { listening: a, reading: b, spoken_interaction: c, spoken_production: d, writing: e });
            }
        }
    }
}

/// A certificate.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Certificate {
    /// Name.
    pub name: String,
    /// Issuer.
    pub issuer: Option<String>,
    /// Date issued.
    pub date: Option<When>,
    /// Address to verify it.
    pub url: Option<String>,
    /// Tags for targets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Marked for selective targets.
    #[serde(default, skip_serializing_if = "is_false")]
    pub selected: bool,
}

/// A free entry of a custom section.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Main line.
    pub title: String,
    /// Second line (organisation, role).
    pub subtitle: Option<String>,
    /// Place.
    pub location: Option<String>,
    /// Date or start.
    pub date: Option<When>,
    /// End, or `present`.
    pub end: Option<End>,
    /// Details.
    pub description: Option<Rich>,
    /// Highlights, one per line in outputs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub highlights: Vec<Rich>,
    /// Keywords (technologies, topics).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// Roles held (`Team lead`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// What kind of thing it is (`application`, `talk`), as JSON Resume's project `type`.
    pub kind: Option<String>,
    /// Website.
    pub url: Option<String>,
    /// Tags for targets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Marked for selective targets.
    #[serde(default, skip_serializing_if = "is_false")]
    pub selected: bool,
}

/// Matches a section, once for every kind that holds a list of entries
/// (`List<T>` or `PublicationList`: each has `id`, `title`, `intro`,
/// `entries`) and once for the rest. The one list of those kinds: a new
/// list kind is added here, and every match written with this macro
/// handles it.
///
/// ```
/// # use vita_model::{match_section, Section, List, Position};
/// let s = Section::Positions(List::<Position>::default());
/// let n = match_section!(&s, list l => l.entries.len(), other _ => 0);
/// assert_eq!(n, 0);
/// ```
#[macro_export]
macro_rules! match_section {
    ($s:expr, list $l:ident => $list:expr, other $o:pat => $other:expr $(,)?) => {
        match $s {
            $crate::Section::Positions($l) => $list,
            $crate::Section::Education($l) => $list,
            $crate::Section::Publications($l) => $list,
            $crate::Section::Teaching($l) => $list,
            $crate::Section::Mentoring($l) => $list,
            $crate::Section::Service($l) => $list,
            $crate::Section::Awards($l) => $list,
            $crate::Section::Talks($l) => $list,
            $crate::Section::Grants($l) => $list,
            $crate::Section::Skills($l) => $list,
            $crate::Section::Languages($l) => $list,
            $crate::Section::Certificates($l) => $list,
            $crate::Section::Custom($l) => $list,
            $o => $other,
        }
    };
}

impl Section {
    /// The heading.
    pub fn title(&self) -> &str {
        match_section!(self, list l => &l.title, other s => match s {
            Section::Research(r) => &r.title,
            Section::Text(t) => &t.title,
            Section::Group(g) => &g.title,
            _ => unreachable!("every list kind is matched above"),
        })
    }

    /// The `id` the source gives, if any.
    pub fn explicit_id(&self) -> Option<&str> {
        match_section!(self, list l => l.id.as_deref(), other s => match s {
            Section::Research(r) => r.id.as_deref(),
            Section::Text(t) => t.id.as_deref(),
            Section::Group(g) => g.id.as_deref(),
            _ => unreachable!("every list kind is matched above"),
        })
    }

    /// How many entries a list section holds (`None` for research, text and groups).
    pub fn entry_count(&self) -> Option<usize> {
        match_section!(self, list l => Some(l.entries.len()), other _ => None)
    }

    /// The section's id: the one given, or the title in lower case with dashes.
    pub fn id(&self) -> String {
        match self.explicit_id() {
            Some(id) => id.to_string(),
            None => slug(self.title()),
        }
    }

    /// The kind, as the RON variant name (`Positions`).
    pub fn kind(&self) -> &'static str {
        match self {
            Section::Positions(_) => "Positions",
            Section::Education(_) => "Education",
            Section::Research(_) => "Research",
            Section::Publications(_) => "Publications",
            Section::Teaching(_) => "Teaching",
            Section::Mentoring(_) => "Mentoring",
            Section::Service(_) => "Service",
            Section::Awards(_) => "Awards",
            Section::Talks(_) => "Talks",
            Section::Grants(_) => "Grants",
            Section::Skills(_) => "Skills",
            Section::Languages(_) => "Languages",
            Section::Certificates(_) => "Certificates",
            Section::Custom(_) => "Custom",
            Section::Text(_) => "Text",
            Section::Group(_) => "Group",
        }
    }

    /// The kind in lower case (`positions`), as targets and templates name it.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Section::Positions(_) => "positions",
            Section::Education(_) => "education",
            Section::Research(_) => "research",
            Section::Publications(_) => "publications",
            Section::Teaching(_) => "teaching",
            Section::Mentoring(_) => "mentoring",
            Section::Service(_) => "service",
            Section::Awards(_) => "awards",
            Section::Talks(_) => "talks",
            Section::Grants(_) => "grants",
            Section::Skills(_) => "skills",
            Section::Languages(_) => "languages",
            Section::Certificates(_) => "certificates",
            Section::Custom(_) => "custom",
            Section::Text(_) => "text",
            Section::Group(_) => "group",
        }
    }
}

/// Lower case ASCII letters and digits, other runs as one dash.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            // Ids become parts of file names: a long title gives a slug of
            // at most 64 bytes (whole characters, no dash at the end).
            let lower: String = c.to_lowercase().collect();
            if out.len() + usize::from(dash && !out.is_empty()) + lower.len() > 64 {
                break;
            }
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push_str(&lower);
        } else {
            dash = true;
        }
    }
    out
}

impl Cv {
    /// Every publication in document order (groups included).
    pub fn publications(&self) -> impl Iterator<Item = &Publication> {
        self.all_sections()
            .filter_map(|s| match s {
                Section::Publications(p) => Some(p.entries.iter()),
                _ => None,
            })
            .flatten()
    }

    /// The latest dated start or end of a position or degree, or publication
    /// date: what dates a document when the CV has no `updated`.
    pub fn latest_date(&self) -> Option<When> {
        let mut all: Vec<When> = Vec::new();
        let end = |e: &Option<End>| e.as_ref().and_then(|x| x.when().cloned());
        for s in self.all_sections() {
            match s {
                Section::Positions(l) => all.extend(l.entries.iter().flat_map(|e| [e.start.clone(), end(&e.end)]).flatten()),
                Section::Education(l) => all.extend(l.entries.iter().flat_map(|e| [e.start.clone(), end(&e.end)]).flatten()),
                Section::Publications(l) => all.extend(l.entries.iter().filter_map(|p| p.date.clone())),
                _ => {}
            }
        }
        all.into_iter().filter(|w| w.as_date().is_some()).max_by(|a, b| a.cmp_start(b).unwrap_or(std::cmp::Ordering::Equal))
    }

    /// How many entries the list sections hold in all.
    pub fn entry_total(&self) -> usize {
        self.all_sections().filter_map(Section::entry_count).sum()
    }

    /// Room to reserve for a format's whole output of this CV: 16 KiB and
    /// 1 KiB an entry (most formats write less). Room never written costs
    /// no memory (the pages are not touched), and a text that does not grow
    /// by doubling is not held twice while it is written.
    pub fn output_room(&self) -> usize {
        16 * 1024 + 1024 * self.entry_total()
    }

    /// Every section, with the sections inside groups after their group.
    pub fn all_sections(&self) -> impl Iterator<Item = &Section> {
        self.sections.iter().flat_map(|s| {
            let inner: Vec<&Section> = match s {
                Section::Group(g) => g.sections.iter().collect(),
                _ => Vec::new(),
            };
            std::iter::once(s).chain(inner)
        })
    }

    /// Whether an author name is the CV owner's: the name or an alias,
    /// ignoring case and spacing, also written family name first (`Park,
    /// Seo Jin`) or with initials for the given names (`S. J. Park`, `Park,
    /// S.`).
    pub fn is_owner(&self, author: &str) -> bool {
        std::iter::once(&self.person.name).chain(&self.person.aliases).any(|n| same_person(n, author))
    }
}

/// A name's words, given names first: `Park, Seo Jin` and `Seo  Jin Park`
/// both give `[Seo, Jin, Park]`; hyphens part words, dots stay on them.
fn name_words(s: &str) -> Vec<&str> {
    fn words(t: &str) -> Vec<&str> {
        t.split(|c: char| c.is_whitespace() || c == '-' || c == '\u{a0}').filter(|w| !w.is_empty()).collect()
    }
    let is_suffix = |t: &str| matches!(t.trim().trim_end_matches('.').to_lowercase().as_str(), "jr" | "sr" | "ii" | "iii" | "iv");
    match s.split_once(',') {
        // `Given Family, Jr.`
        Some((main, suffix)) if is_suffix(suffix) => [words(main), words(suffix)].concat(),
        // `Family, Given`, or `Family, Jr, Given` (the suffix ends the name).
        Some((family, rest)) => {
            let (jr, given) = rest.split_once(',').map_or(("", rest), |(j, g)| (j, g));
            [words(given), words(family), words(jr)].concat()
        }
        None => words(s),
    }
}

/// The letters of a given name written as initials (`S.`, `S.J.`, `SJ`),
/// or `None` for a written-out name.
fn initials(word: &str) -> Option<String> {
    let letters: Vec<char> = word.chars().filter(|c| *c != '.').collect();
    let dotted = word.contains('.');
    let short_caps = letters.len() <= 2 && letters.iter().all(|c| c.is_uppercase());
    (!letters.is_empty() && letters.iter().all(|c| c.is_alphabetic()) && (dotted && letters.len() <= 3 || short_caps))
        .then(|| letters.iter().flat_map(|c| c.to_lowercase()).collect())
}

/// Whether two spellings name the same person: the same words ignoring
/// case, or the same family name with the given names of one written as
/// initials of the other's (`S. J. Park`, `SJ Park`, `Park, S.` for `Seo Jin
/// Park`).
pub fn same_person(full: &str, other: &str) -> bool {
    let lower = |w: &[&str]| -> Vec<String> { w.iter().map(|x| x.trim_end_matches('.').to_lowercase()).collect() };
    let (a, b) = (name_words(full), name_words(other));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if lower(&a) == lower(&b) {
        return true;
    }
    let (Some((fa, ga)), Some((fb, gb))) = (a.split_last(), b.split_last()) else { return false };
    if fa.to_lowercase() != fb.to_lowercase() || ga.is_empty() || gb.is_empty() {
        return false;
    }
    let all_initials = |g: &[&str]| -> Option<String> { g.iter().map(|w| initials(w)).collect::<Option<Vec<_>>>().map(|v| v.concat()) };
    let firsts = |g: &[&str]| -> String { g.iter().filter_map(|w| w.chars().next()).flat_map(char::to_lowercase).collect() };
    match (all_initials(ga), all_initials(gb)) {
        (None, Some(i)) => firsts(ga).starts_with(&i),
        (Some(i), None) => firsts(gb).starts_with(&i),
        _ => false,
    }
}

/// A text as the schema describes it: RON's string, with what it may hold.
fn text_schema(description: &str, examples: &[&str]) -> schemars::Schema {
    schemars::json_schema!({ "type": "string", "description": description, "examples": examples })
}

impl schemars::JsonSchema for Author {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Author".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An author: the name as printed, or `(name: \"...\", equal: true, family: \"...\")` to mark \
                            equal contribution (co-first authorship) or give the family name a bibliography sorts by.",
            "anyOf": [
                { "type": "string" },
                {
                    "type": "object",
                    "properties": {
                        "name": { "type": "string", "description": "The name as printed." },
                        "equal": { "type": "boolean", "description": "Equal contribution (co-first authorship), printed with a mark." },
                        "family": {
                            "type": ["string", "null"],
                            "description": "The family name, when it is not the name's last word (`van Beethoven`; an \
                                            organisation's whole name): what a bibliography sorts by.",
                        },
                    },
                    "required": ["name"],
                    "additionalProperties": false,
                }
            ],
            "examples": ["Seo Jin Park", "(name: \"Ada Lovelace\", equal: true)"],
        })
    }
}

impl schemars::JsonSchema for Rich {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Rich".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        text_schema("Text with inline Markdown: `*emphasis*`, `**strong**`, `` `code` ``, `[links](https://...)`.", &[])
    }
}

impl schemars::JsonSchema for When {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        text_schema("A date: a year, a year and month, a whole date, or an academic term.", &["2023", "2023-08", "2023-08-15", "Fall 2017"])
    }
}

impl schemars::JsonSchema for End {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "End".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        text_schema("The end of a range: a date as `start` takes, or `present` while it goes on.", &["2023-08", "present"])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_owner_is_found_in_the_spellings_bibliographies_use() {
        for other in [
            "Seo Jin Park",
            "seo  jin PARK",
            "Park, Seo Jin",
            "Seo-Jin Park",
            "S. J. Park",
            "S.J. Park",
            "SJ Park",
            "Park, S. J.",
            "Park, S.",
            "S. Park",
        ] {
            assert!(same_person("Seo Jin Park", other), "{other}");
        }
        for other in ["Sun Park", "Seo Jin Parker", "J. Park", "Park", "Jin Seo Park", "Seo Jin", "Se Park"] {
            assert!(!same_person("Seo Jin Park", other), "{other}");
        }
        assert!(same_person("Martin Luther King, Jr.", "King, Jr., Martin Luther"));
    }
}
