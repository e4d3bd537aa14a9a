//! The words a view adds to a CV's own text, per language: data files under
//! `formats/labels/` (one RON file per language, embedded here), which a user
//! may override or extend with a file of their own ([`Labels::over`]).
//!
//! Word order differs between languages, so most phrases are patterns with
//! `{name}` slots (`{title} at {unit}`, `{year}年{m}月`); [`fill`] fills them.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use vita_model::budget::LABEL_BYTES;

/// vita's languages: the tag (a primary language subtag) and the file.
pub const BUILTIN: &[(&str, &str)] = &[
    ("en", include_str!("../../../formats/labels/en.ron")),
    ("de", include_str!("../../../formats/labels/de.ron")),
    ("fr", include_str!("../../../formats/labels/fr.ron")),
    ("es", include_str!("../../../formats/labels/es.ron")),
    ("it", include_str!("../../../formats/labels/it.ron")),
    ("pt", include_str!("../../../formats/labels/pt.ron")),
    ("nl", include_str!("../../../formats/labels/nl.ron")),
    ("pl", include_str!("../../../formats/labels/pl.ron")),
    ("zh", include_str!("../../../formats/labels/zh.ron")),
    ("ja", include_str!("../../../formats/labels/ja.ron")),
    ("ko", include_str!("../../../formats/labels/ko.ron")),
    ("ar", include_str!("../../../formats/labels/ar.ron")),
    ("he", include_str!("../../../formats/labels/he.ron")),
    ("fa", include_str!("../../../formats/labels/fa.ron")),
];

/// The languages written right to left (their primary subtags).
pub const RIGHT_TO_LEFT: &[&str] = &["ar", "he", "fa", "ur", "ps", "yi", "ckb", "dv", "sd", "ug"];

/// Whether a language tag's script runs right to left.
pub fn right_to_left(tag: &str) -> bool {
    let primary = tag.split('-').next().unwrap_or("").to_ascii_lowercase();
    RIGHT_TO_LEFT.contains(&primary.as_str())
}

/// How a language picks the form of a counted noun (CLDR's plural rules,
/// for the cardinal integers a CV counts).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Plural {
    /// `one` for 1, `other` else (English, German, ...): two forms.
    OneOther,
    /// `one` for 0 and 1, `other` else (French, Portuguese): two forms.
    ZeroOneOther,
    /// `one` for 1, `few` for 2–4 (not 12–14), `many` else (Polish): three forms.
    OneFewMany,
    /// One form for every number (Chinese, Japanese, Korean).
    Other,
    /// `one` for 1, `two` for 2, `other` else (Hebrew): three forms.
    OneTwoOther,
    /// `zero`, `one`, `two`, `few` (3–10 of each hundred), `many` (11–99),
    /// `other` (Arabic): six forms.
    Arabic,
}

impl Plural {
    const NAMES: [(&'static str, Plural); 6] = [
        ("one-other", Plural::OneOther),
        ("zero-one-other", Plural::ZeroOneOther),
        ("one-few-many", Plural::OneFewMany),
        ("other", Plural::Other),
        ("one-two-other", Plural::OneTwoOther),
        ("zero-one-two-few-many-other", Plural::Arabic),
    ];

    /// The rule's name in a labels file.
    pub fn name(self) -> &'static str {
        Self::NAMES.iter().find(|(_, p)| *p == self).map_or("other", |(n, _)| n)
    }

    /// How many forms `count` must have.
    pub fn forms(self) -> usize {
        match self {
            Plural::OneOther | Plural::ZeroOneOther => 2,
            Plural::OneFewMany | Plural::OneTwoOther => 3,
            Plural::Other => 1,
            Plural::Arabic => 6,
        }
    }

    /// The form for `n`, an index into the forms.
    pub fn form(self, n: u64) -> usize {
        match self {
            Plural::OneOther => usize::from(n != 1),
            Plural::ZeroOneOther => usize::from(n > 1),
            Plural::OneFewMany if n == 1 => 0,
            Plural::OneFewMany if (2..=4).contains(&(n % 10)) && !(12..=14).contains(&(n % 100)) => 1,
            Plural::OneFewMany => 2,
            Plural::Other => 0,
            Plural::OneTwoOther => match n {
                1 => 0,
                2 => 1,
                _ => 2,
            },
            Plural::Arabic => match (n, n % 100) {
                (0, _) => 0,
                (1, _) => 1,
                (2, _) => 2,
                (_, 3..=10) => 3,
                (_, 11..=99) => 4,
                _ => 5,
            },
        }
    }
}

impl TryFrom<String> for Plural {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Plural::NAMES.iter().find(|(n, _)| *n == s).map(|(_, p)| *p).ok_or_else(|| {
            format!(
                "unknown plural rule `{s}` (one-other, zero-one-other, one-few-many, one-two-other, zero-one-two-few-many-other or other)"
            )
        })
    }
}

impl From<Plural> for String {
    fn from(p: Plural) -> String {
        p.name().to_string()
    }
}

/// The words of one language. Field names are what templates use
/// (`{{labels.cv}}`); the data files document the patterns' slots.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    /// "present", the end of a running range.
    pub present: String,
    /// "Advisor"
    pub advisor: String,
    /// "Thesis"
    pub thesis: String,
    /// "Last updated"
    pub updated: String,
    /// "co-first author"
    pub equal: String,
    /// "To appear"
    pub to_appear: String,
    /// "Areas of interest"
    pub areas: String,
    /// "Vision"
    pub vision: String,
    /// "Projects"
    pub projects: String,
    /// "Courses"
    pub courses: String,
    /// "Roles"
    pub roles: String,
    /// "Keywords"
    pub keywords: String,
    /// "Grade", before a bare grade (`Grade: 4.0`).
    pub grade: String,
    /// "Type"
    pub kind: String,
    /// "Curriculum Vitae", for document titles.
    pub cv: String,
    /// After a label, before its value: ":" (French: a no-break space and
    /// ":"; Chinese and Japanese: the full-width "："). A space follows,
    /// except after a full-width colon.
    pub colon: String,
    /// A job title and its unit: `{title} at {unit}`.
    pub title_at: String,
    /// A degree and its field: `{degree} in {field}`.
    pub degree_in: String,
    /// Between two authors: " and ".
    pub sep_two: String,
    /// Before the last of three or more authors: ", and ".
    pub sep_last: String,
    /// Between items of the count line: ", ".
    pub list_sep: String,
    /// Before the count line's last item: " and ".
    pub and: String,
    /// A graduation year: `class of {year}`.
    pub class_of: String,
    /// "grants", before an award's amount.
    pub grants: String,
    /// "For publication", before an award's publication number.
    pub for_publication: String,
    /// "On publication", before a talk's publication number.
    pub on_publication: String,
    /// "Invited talk"
    pub invited_talk: String,
    /// "native speaker"
    pub native: String,
    /// The CEFR skills: listening, reading, spoken interaction, spoken production, writing.
    pub cefr_skills: Vec<String>,
    /// Publication statuses: accepted, under review, submitted, in preparation.
    pub statuses: Vec<String>,
    /// "Acceptance rate"
    pub acceptance_rate: String,
    /// An acceptance rate of one cycle: `Acceptance rate for {cycle}`.
    pub acceptance_for: String,
    /// The acceptance line: `{label}: {rate}, {accepted} out of {submitted}.`
    pub acceptance: String,
    /// The plural rule of `count`.
    pub plural: Plural,
    /// The count of peer-reviewed publications, one pattern per plural form:
    /// `Published {n} peer-reviewed publications`.
    pub count: Vec<String>,
    /// One venue's count in the count line: `{n} {venue}`.
    pub venue_count: String,
    /// The count line with its venues: `{count}: {list}.`
    pub count_list: String,
    /// The count line without venues: `{count}.`
    pub count_alone: String,
    /// "Article", before an article number.
    pub article: String,
    /// "pp.", before pages.
    pub pages: String,
    /// Month names standing alone (`May 2020`), January first.
    pub months: Vec<String>,
    /// Month names in a date with a day (`12 maja 2020`), January first.
    pub months_in_date: Vec<String>,
    /// Abbreviated month names (`Aug`, `août`), January first: the short date style.
    pub months_short: Vec<String>,
    /// A month of a year: `{month} {year}` (`{m}` is the month's number).
    pub month_year: String,
    /// A month of a year with an abbreviated month: `{month} {year}` (`Aug 2023`).
    pub month_year_short: String,
    /// A full date: `{month} {day}, {year}`.
    pub date: String,
    /// The headings résumé parsers know, for an ATS look: experience,
    /// education, skills, languages, certifications, summary.
    pub ats_headings: Vec<String>,
    /// The decimal separator.
    pub decimal: String,
    /// A percentage: `{n}%`.
    pub percent: String,
}

/// The slots each pattern may use; a slot not listed is a mistake in a labels file.
const SLOTS: &[(&str, &[&str])] = &[
    ("title_at", &["title", "unit"]),
    ("degree_in", &["degree", "field"]),
    ("class_of", &["year"]),
    ("acceptance_for", &["cycle"]),
    ("acceptance", &["label", "rate", "accepted", "submitted"]),
    ("count", &["n"]),
    ("venue_count", &["n", "venue"]),
    ("count_list", &["count", "list"]),
    ("count_alone", &["count"]),
    ("month_year", &["month", "m", "year"]),
    ("month_year_short", &["month", "m", "year"]),
    ("date", &["month", "m", "day", "year"]),
    ("percent", &["n"]),
];

/// What is wrong with a labels file: a message, the field it is about
/// (empty when none), and where in the file when the parser knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelsError {
    /// The field (`months`), or empty.
    pub field: String,
    /// What is wrong.
    pub message: String,
    /// 1-based line and column, when known.
    pub pos: Option<(usize, usize)>,
}

impl Labels {
    /// The English labels.
    pub fn english() -> &'static Labels {
        builtin("en").unwrap_or_else(|| unreachable!("English is built in"))
    }

    /// This language's labels with a user's labels file laid over them:
    /// the fields it gives replace these, the rest stay.
    pub fn over(&self, text: &str) -> Result<Labels, LabelsError> {
        let at = |e: &ron::error::SpannedError| Some((e.span.start.line, e.span.start.col));
        let value: ron::Value =
            ron::from_str(text).map_err(|e| LabelsError { field: String::new(), message: e.code.to_string(), pos: at(&e) })?;
        let ron::Value::Map(given) = value else {
            return Err(LabelsError {
                field: String::new(),
                message: "a labels file is one `(name: \"word\", ...)` structure".into(),
                pos: Some((1, 1)),
            });
        };
        let mut merged = as_map(self);
        let known = names(&merged);
        for (k, v) in given {
            let name = k.clone().into_rust::<String>().unwrap_or_default();
            if !known.contains(&name) {
                let hint = closest(&name, &known).map(|c| format!(" (did you mean `{c}`?)")).unwrap_or_default();
                return Err(LabelsError {
                    field: name.clone(),
                    message: format!("unknown label `{name}`{hint}"),
                    pos: find_field(text, &name),
                });
            }
            merged.insert(k, v);
        }
        let labels: Labels = ron::Value::Map(merged).into_rust().map_err(|e| {
            // The value's type is wrong: find which field by trying each alone.
            let field = known.iter().find(|f| field_fails(text, f)).cloned().unwrap_or_default();
            LabelsError { pos: find_field(text, &field), field, message: e.to_string() }
        })?;
        labels.validate().map_err(|(field, message)| LabelsError { pos: find_field(text, &field), field, message })?;
        Ok(labels)
    }

    /// Checks what the types cannot: the count has one pattern per plural
    /// form, and patterns use only their slots.
    pub fn validate(&self) -> Result<(), (String, String)> {
        for (field, list, n) in [
            ("cefr_skills", &self.cefr_skills, 5),
            ("statuses", &self.statuses, 4),
            ("months", &self.months, 12),
            ("months_in_date", &self.months_in_date, 12),
            ("months_short", &self.months_short, 12),
            ("ats_headings", &self.ats_headings, 6),
        ] {
            if list.len() != n {
                return Err((field.into(), format!("`{field}` has {n} words, not {}", list.len())));
            }
        }
        if self.count.len() != self.plural.forms() {
            return Err((
                "count".into(),
                format!(
                    "the plural rule `{}` needs {} pattern{} in `count`, not {}",
                    self.plural.name(),
                    self.plural.forms(),
                    if self.plural.forms() == 1 { "" } else { "s" },
                    self.count.len()
                ),
            ));
        }
        let value = serde_json::to_value(self).unwrap_or_default();
        // Every word is text for an output: no control character, and short.
        for (field, v) in value.as_object().into_iter().flatten() {
            let words: Vec<&str> = match v {
                serde_json::Value::String(s) => vec![s.as_str()],
                serde_json::Value::Array(a) => a.iter().filter_map(|v| v.as_str()).collect(),
                _ => Vec::new(),
            };
            for w in words {
                if let Some(c) = w.chars().find(|c| c.is_control()) {
                    return Err((field.clone(), format!("`{field}` holds the control character U+{:04X}; write text only", c as u32)));
                }
                if w.len() > LABEL_BYTES {
                    return Err((field.clone(), format!("`{field}` is {} bytes long, over the limit of {LABEL_BYTES}", w.len())));
                }
            }
        }
        for (field, slots) in SLOTS {
            let patterns: Vec<&str> = match &value[field] {
                serde_json::Value::String(s) => vec![s.as_str()],
                serde_json::Value::Array(a) => a.iter().filter_map(|v| v.as_str()).collect(),
                _ => Vec::new(),
            };
            for p in patterns {
                let used = slot_names(p);
                // A slot once at most: a filled pattern is never longer than
                // the pattern and its values (no pattern multiplies the CV's text).
                if let Some(twice) = used.iter().enumerate().find(|(i, s)| used[..*i].contains(s)).map(|(_, s)| s) {
                    return Err((
                        field.to_string(),
                        format!("`{field}` uses the slot `{{{twice}}}` twice; a slot may stand once in a pattern"),
                    ));
                }
                for slot in used {
                    if !slots.contains(&slot) {
                        let list: Vec<String> = slots.iter().map(|s| format!("{{{s}}}")).collect();
                        return Err((field.to_string(), format!("`{{{slot}}}` is not a slot of `{field}` (it has {})", list.join(", "))));
                    }
                }
            }
        }
        Ok(())
    }

    /// A rate as this language writes it: `18.4%`, `18,4 %`.
    pub fn percent(&self, rate: &vita_model::Rate) -> String {
        let s = rate.to_string();
        let n = s.trim_end_matches('%').replace('.', &self.decimal);
        fill(&self.percent, &[("n", &n)])
    }

    /// The count pattern for `n` publications, filled.
    pub fn count(&self, n: u32) -> String {
        let i = self.plural.form(u64::from(n)).min(self.count.len().saturating_sub(1));
        fill(self.count.get(i).map_or("{n}", String::as_str), &[("n", &n.to_string())])
    }

    /// `label: value` with this language's colon.
    pub fn labelled(&self, label: &str, value: &str) -> String {
        let space = if self.colon.ends_with('：') { "" } else { " " };
        format!("{label}{}{space}{value}", self.colon)
    }
}

/// The labels vita has for a language tag (`de`, `de-AT`, `zh-Hans-CN`),
/// by its primary subtag; Chinese in traditional script (`zh-Hant`,
/// `zh-TW`, `zh-HK`, `zh-MO`) has none, as vita's Chinese is Simplified.
pub fn builtin(tag: &str) -> Option<&'static Labels> {
    static PARSED: [OnceLock<Labels>; BUILTIN.len()] = [const { OnceLock::new() }; BUILTIN.len()];
    let mut parts = tag.split(['-', '_']).map(str::to_ascii_lowercase);
    let primary = parts.next().unwrap_or_default();
    if primary == "zh" && parts.any(|p| matches!(p.as_str(), "hant" | "tw" | "hk" | "mo")) {
        return None;
    }
    let i = BUILTIN.iter().position(|(t, _)| *t == primary)?;
    Some(PARSED[i].get_or_init(|| ron::from_str(BUILTIN[i].1).unwrap_or_else(|e| panic!("formats/labels/{}.ron: {e}", BUILTIN[i].0))))
}

/// The built-in tags.
pub fn tags() -> Vec<&'static str> {
    BUILTIN.iter().map(|(t, _)| *t).collect()
}

/// Fills a pattern's `{name}` slots; `{{` and unknown slots are kept as written.
pub fn fill(pattern: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').map(|close| (&after[..close], close)) {
            Some((name, close)) if values.iter().any(|(k, _)| *k == name) => {
                out.push_str(values.iter().find(|(k, _)| *k == name).map_or("", |(_, v)| v));
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{name}` slots of a pattern.
fn slot_names(pattern: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if after[..close].chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && close > 0 => {
                out.push(&after[..close]);
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    out
}

/// Labels as a RON map, field name to value.
fn as_map(labels: &Labels) -> ron::Map {
    match ron::to_string(labels).ok().and_then(|s| ron::from_str::<ron::Value>(&s).ok()) {
        Some(ron::Value::Map(m)) => m,
        _ => unreachable!("labels serialise as a map"),
    }
}

/// The field names of a map.
fn names(map: &ron::Map) -> Vec<String> {
    map.keys().filter_map(|k| k.clone().into_rust::<String>().ok()).collect()
}

/// The fields a labels file leaves out (for a language vita lacks, the
/// English words stand in for them); none for a file that does not read.
pub fn left_out(text: &str) -> Vec<String> {
    let Ok(ron::Value::Map(given)) = ron::from_str::<ron::Value>(text) else { return Vec::new() };
    let given = names(&given);
    names(&as_map(Labels::english())).into_iter().filter(|k| !given.contains(k)).collect()
}

fn closest<'a>(name: &str, known: &'a [String]) -> Option<&'a str> {
    vita_model::validate::closest(name, known.iter().map(String::as_str))
}

/// Whether a field of a labels file, alone over English, fails to read.
fn field_fails(text: &str, field: &str) -> bool {
    let Ok(ron::Value::Map(m)) = ron::from_str::<ron::Value>(text) else { return false };
    let Some((k, v)) = m.iter().find(|(k, _)| (*k).clone().into_rust::<String>().ok().as_deref() == Some(field)) else { return false };
    let mut b = as_map(Labels::english());
    b.insert(k.clone(), v.clone());
    ron::Value::Map(b).into_rust::<Labels>().is_err()
}

/// Where `name:` stands in a labels file (the first occurrence outside a
/// comment or string), 1-based.
fn find_field(text: &str, name: &str) -> Option<(usize, usize)> {
    if name.is_empty() {
        return None;
    }
    for (i, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let trimmed = code.trim_start();
        if let Some(rest) = trimmed.strip_prefix(name) {
            if rest.trim_start().starts_with(':') {
                let col = code.len() - trimmed.len();
                return Some((i + 1, code[..col].chars().count() + 1));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_language_reads_and_is_valid() {
        for (tag, _) in BUILTIN {
            let l = builtin(tag).unwrap();
            assert_eq!(l.validate(), Ok(()), "{tag}");
        }
        assert_eq!(builtin("de-AT").map(|l| l.present.as_str()), Some("heute"));
        assert_eq!(builtin("zh-Hans-CN").map(|l| l.present.as_str()), Some("至今"));
        assert!(builtin("zh-TW").is_none());
        assert!(builtin("sv").is_none());
    }

    #[test]
    fn polish_counts_take_three_forms() {
        let pl = builtin("pl").unwrap();
        assert_eq!(pl.count(1), "1 recenzowana publikacja");
        assert_eq!(pl.count(3), "3 recenzowane publikacje");
        assert_eq!(pl.count(12), "12 recenzowanych publikacji");
        assert_eq!(pl.count(22), "22 recenzowane publikacje");
        assert_eq!(builtin("fr").unwrap().count(0), "0 publication avec comité de lecture");
    }

    #[test]
    fn a_user_file_overrides_some_words() {
        let l = Labels::english().over("(present: \"now\", months: [\"Jan\", \"Feb\", \"Mar\", \"Apr\", \"May\", \"Jun\", \"Jul\", \"Aug\", \"Sep\", \"Oct\", \"Nov\", \"Dec\"])").unwrap();
        assert_eq!(l.present, "now");
        assert_eq!(l.months[0], "Jan");
        assert_eq!(l.advisor, "Advisor");
        let e = Labels::english().over("(\n  presnt: \"now\",\n)").unwrap_err();
        assert_eq!(e.message, "unknown label `presnt` (did you mean `present`?)");
        assert_eq!(e.pos, Some((2, 3)));
        let e = Labels::english().over("(\n  months: [\"Jan\"],\n)").unwrap_err();
        assert_eq!(e.field, "months");
        assert_eq!(e.pos, Some((2, 3)));
        let e = Labels::english().over("(date: \"{month} {dya}, {year}\")").unwrap_err();
        assert_eq!(e.message, "`{dya}` is not a slot of `date` (it has {month}, {m}, {day}, {year})");
        let e = Labels::english().over("(plural: \"one-few-many\")").unwrap_err();
        assert_eq!(e.message, "the plural rule `one-few-many` needs 3 patterns in `count`, not 2");
    }

    #[test]
    fn patterns_fill_their_slots() {
        assert_eq!(fill("{year}年{m}月", &[("year", "2020"), ("m", "5")]), "2020年5月");
        assert_eq!(fill("{a} {b", &[("a", "x")]), "x {b");
        assert_eq!(fill("{unknown}", &[("a", "x")]), "{unknown}");
    }
}
