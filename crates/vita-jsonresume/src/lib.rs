//! JSON Resume (<https://jsonresume.org>) export and import.
//!
//! `cv.json` validates against the JSON Resume schema 1.0.0 (no unknown
//! top-level keys; certificate dates are full dates) and 1.3.1. Dates are
//! `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a term such as "Fall 2017" becomes the
//! month it starts); an ongoing entry has no `endDate`; addresses are the
//! absolute ones `vita check` insists on.
//!
//! JSON Resume has no place for most academic content. Each model field goes
//! to the nearest field a theme shows, and when the fields alone would not
//! give the CV back, the whole CV is also kept under `meta.vita` (`version`,
//! the `fingerprint` of the other fields, and `cv`), so that `vita import` of
//! vita's own export gives back the same CV. A field with no JSON Resume place
//! at all is named in a warning.
//!
//! | model | JSON Resume |
//! |---|---|
//! | `person.name`, `label`, `email`, `phone`, `image` | `basics.name`, `label`, `email`, `phone`, `image` |
//! | `person.website` | `basics.url` |
//! | `person.summary` (and a `Research` vision, `Text` sections as "Title: text") | `basics.summary`, paragraphs |
//! | `person.address` `street`, `city`, `region`, `postal_code`, `country` | `basics.location` `address`, `city`, `region`, `postalCode`, `countryCode` |
//! | `person.profiles` | `basics.profiles` |
//! | `person.aliases` | only `meta.vita` (warning) |
//! | `updated` | `meta.lastModified` |
//! | `Positions`: `org`, `location`, `about`, `title` and `unit` ("title at unit"), `url`, `start`, `end`, `description`, `advisor` and `highlights` | `work[]`: `name`, `location`, `description`, `position`, `url`, `startDate`, `endDate`, `summary`, `highlights` ("Advisor: ..." first) |
//! | `Education`: `institution`, `url`, `field`, `degree`, `start`, `end`, `grade`, `courses` | `education[]`: `institution`, `url`, `area`, `studyType`, `startDate`, `endDate`, `score`, `courses` |
//! | `Education`: `location`, `advisor`, `thesis`, `description` | only `meta.vita` (warning) |
//! | `Service`: `role`, `org`, `url`, `date`, `end`, `description`, `highlights` | `volunteer[]`: `position`, `organization`, `url`, `startDate`, `endDate`, `summary`, `highlights` |
//! | `Awards`: `name`, `date`, `by`; `amount`, linked publication, `end` and `note` | `awards[]`: `title`, `date`, `awarder`; `summary` |
//! | `Grants`: `title`, `start`, `funder`; role, amount, number, end, description | `awards[]`: `title`, `date`, `awarder`; `summary` ("Grant. PI, $250,000. ...") |
//! | `Certificates`: `name`, `date` (full dates only; else warning), `url`, `issuer` | `certificates[]` |
//! | `Publications`: `title`, venue line (edition, name, `(NSDI'23)`, volume, pages), `date`, `links.paper` (or the first link) | `publications[]`: `name`, `publisher`, `releaseDate`, `url` |
//! | `Publications`: authors with `*` for equal contribution, status, acceptance rate, awards, other links, `note` | `publications[].summary`, in that order |
//! | `Skills`: `name`, `level`, `keywords` | `skills[]` |
//! | `Languages`: `name`; `fluency`, else the CEFR level, else "Native speaker" | `languages[]`: `language`, `fluency` |
//! | `Teaching`: course (code), `description`, `term`, `end`, `url`, `role`, `institution` | `projects[]` with `type: "teaching"`: `name`, `description`, `startDate`, `endDate`, `url`, `roles`, `entity` |
//! | `Mentoring`: `name`, institution and level, `start`, `end` | `projects[]` with `type: "mentoring"` |
//! | `Talks`: `title`, event and details, `date`, `url`, `event` | `projects[]` with `type: "talk"` or `"invited talk"` |
//! | `Research`: `areas`; `projects` with their publication numbers | `interests[]` (the section title, areas as keywords); `projects[]` with `type: "research"` |
//! | `Custom` section titled Interests: `title`, `keywords` | `interests[]` |
//! | `Custom` section titled References: `title`, `description` | `references[]`: `name`, `reference` |
//! | any other `Custom` section: `title`, `subtitle`, `date`, `end`, `description`, `highlights`, `keywords`, `roles`, `kind` (else the section title), `url` | `projects[]`: `name`, `entity`, `startDate`, `endDate`, `description`, `highlights`, `keywords`, `roles`, `type`, `url` |
//! | `settings.formats.jsonresume` `$schema`, `meta.NAME` | `$schema`, `meta` strings |
//! | `Custom` section `jsonresume-extra`: JSON Pointer and JSON text | that value at that pointer |
//!
//! Import reads any JSON Resume file the other way round: each array becomes
//! a section titled as in the table (work → Positions "Work", volunteer →
//! Service "Volunteer", interests, references and projects → Custom sections
//! of those titles), publications get ids `p1`, `p2`, ..., and every field
//! the schema does not name is kept, as JSON, in a Custom section with the id
//! `jsonresume-extra` ("Other JSON Resume fields"), which export writes back
//! where it was. A file with `meta.vita` gives the CV stored there; a warning
//! names the fields changed since vita wrote it.

mod canonical;
pub mod export;
pub mod import;
pub mod lenient;
pub mod schema;

use vita_backend::{Backend, Document, Options, Rendered};

/// The id of the section that keeps the fields JSON Resume files add.
pub const EXTRA_SECTION: &str = "jsonresume-extra";

/// The format's name, and the key of its settings in `settings.formats`.
pub const FORMAT: &str = "jsonresume";

/// The version of the `meta.vita` object this crate writes and reads.
pub const VITA_META_VERSION: u64 = 1;

/// The JSON Resume backend.
pub struct JsonResume;

/// The résumé as JSON text: two-space indentation, a final newline.
pub fn to_json(value: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(value).unwrap_or_default();
    s.push('\n');
    s
}

impl Backend for JsonResume {
    fn name(&self) -> &'static str {
        FORMAT
    }

    fn description(&self) -> &'static str {
        "JSON Resume (schema 1.0.0 and 1.3.1), for job sites and resume tools (cv.json)"
    }

    fn file_names(&self, basename: &str) -> Vec<String> {
        vec![format!("{basename}.json")]
    }

    fn render(&self, doc: &Document, options: &Options) -> anyhow::Result<Rendered> {
        let (text, warnings) = export::export_text(doc, options)?;
        let mut rendered = Rendered::single(format!("{}.json", options.basename), text);
        rendered.diagnostics = warnings;
        Ok(rendered)
    }
}
