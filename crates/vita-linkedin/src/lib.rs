//! LinkedIn's data export ("Download your data"), read into vita's model.
//!
//! The export is a zip archive of CSV files, one per part of the profile,
//! with LinkedIn's own column names (which changed over the years: both
//! layouts are read). The command hands this crate the files by name
//! (from the archive or its unzipped folder); nothing here touches a file.
//!
//! | file | columns | vita |
//! |---|---|---|
//! | `Profile.csv` | `First Name`, `Last Name`, `Headline`, `Summary`, `Geo Location`, `Zip Code`, `Websites`, `Twitter Handles` | `person` |
//! | `Profile Summary.csv` | `Profile Summary` | `person.summary` (when `Profile.csv` has none) |
//! | `Email Addresses.csv` | `Email Address`, `Primary` | `person.email` (the primary one) |
//! | `PhoneNumbers.csv`, `Phone Numbers.csv` | `Number` | `person.phone` |
//! | `Positions.csv` | `Company Name`, `Title`, `Description`, `Location`, `Started On`, `Finished On` | `Positions` |
//! | `Education.csv` | `School Name`, `Start Date`, `End Date`, `Notes`, `Degree Name`, `Activities` | `Education` |
//! | `Skills.csv` | `Name` | `Skills` |
//! | `Languages.csv` | `Name`, `Proficiency` | `Languages` (`fluency`; native for "Native or bilingual") |
//! | `Publications.csv` | `Name`, `Published On`, `Description`, `Publisher`, `Url` | `Publications` |
//! | `Projects.csv` | `Title`, `Description`, `Url`, `Started On`/`Start Date`, `Finished On`/`End Date` | `Custom` "Projects" |
//! | `Honors.csv` | `Title`, `Description`, `Issued On`/`Issue Date`, `Issuer` | `Awards` |
//! | `Certifications.csv` | `Name`, `Url`, `Authority`, `Started On`, `Finished On`, `License Number` | `Certificates` |
//! | `Courses.csv` | `Name`, `Number` | `Custom` "Courses" |
//! | `Volunteering.csv` | `Company Name`, `Role`, `Cause`, `Started On`, `Finished On`, `Description` | `Service` |
//!
//! Dates are LinkedIn's `Nov 2022`, `2017` and `Apr 3, 2023`; an empty
//! `Finished On` after a start is a current entry. Columns and files with
//! no place in the model are named in warnings; the export's other files
//! (connections, messages, ...) are not CV data and are listed once.

// Text is cut only at character boundaries (checked methods): a reader
// never panics on the bytes of a file.
#![deny(clippy::string_slice)]

use std::collections::BTreeMap;

use vita_model::{
    Address, Award, Certificate, Checked, Cv, Degree, Diagnostic, End, Item, Language, Links, List, Person, Position, Profile, Publication,
    PublicationList, Rich, Section, Service, Skill, SpanIndex, Venue, When,
};

/// One CSV file: its rows as column name → value (values trimmed; empty ones left out).
struct Table {
    /// The file's name, as the export spells it.
    name: String,
    rows: Vec<BTreeMap<String, String>>,
}

impl Table {
    fn parse(name: &str, text: &str) -> Result<Table, String> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
        let headers: Vec<String> = reader.headers().map_err(|e| format!("{name}: {e}"))?.iter().map(|h| h.trim().to_string()).collect();
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| format!("{name}: {e}"))?;
            let row: BTreeMap<String, String> =
                headers.iter().zip(record.iter()).map(|(h, v)| (h.clone(), v.trim().to_string())).filter(|(_, v)| !v.is_empty()).collect();
            if !row.is_empty() {
                rows.push(row);
            }
        }
        Ok(Table { name: name.to_string(), rows })
    }
}

/// The files of the export this reader takes, by the names LinkedIn gives them
/// (old and new spellings).
const READ: &[&str] = &[
    "Profile.csv",
    "Profile Summary.csv",
    "Email Addresses.csv",
    "PhoneNumbers.csv",
    "Phone Numbers.csv",
    "Positions.csv",
    "Education.csv",
    "Skills.csv",
    "Languages.csv",
    "Publications.csv",
    "Projects.csv",
    "Honors.csv",
    "Certifications.csv",
    "Courses.csv",
    "Volunteering.csv",
];

/// Whether a set of file names is a LinkedIn export: it has `Profile.csv`
/// and one more of the files above.
pub fn is_export<S: AsRef<str>>(names: &[S]) -> bool {
    let base = |n: &str| n.rsplit('/').next().unwrap_or(n).to_string();
    names.iter().any(|n| base(n.as_ref()) == "Profile.csv")
        && names.iter().filter(|n| READ.contains(&base(n.as_ref()).as_str())).count() >= 2
}

struct Reader {
    said: Vec<Diagnostic>,
    /// Model paths and where in the export they were read (`Positions.csv, row 3`).
    paths: Vec<(String, String)>,
}

impl Reader {
    fn warn(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.said.push(Diagnostic::warning(path, message));
    }

    /// A LinkedIn date (`Nov 2022`, `2017`, `Apr 3, 2023`), or a warning.
    fn date(&mut self, at: &str, text: Option<&String>) -> Option<When> {
        let t = text?;
        match vita_model::date::lenient(t) {
            Some(w) => Some(w),
            None => {
                self.warn(at, format!("`{t}` is not a date vita reads; it is left out"));
                None
            }
        }
    }

    /// A start and an end: an empty end after a start is now.
    fn span(&mut self, at: &str, row: &BTreeMap<String, String>, start: &[&str], end: &[&str]) -> (Option<When>, Option<End>) {
        let pick = |names: &[&str]| names.iter().find_map(|n| row.get(*n));
        let s = self.date(&format!("{at} `{}`", start[0]), pick(start));
        let e = match pick(end) {
            Some(t) if vita_model::date::is_present(t) => Some(End::Present),
            Some(t) => self.date(&format!("{at} `{}`", end[0]), Some(t)).map(End::At),
            None => s.as_ref().map(|_| End::Present),
        };
        match (s, e) {
            // An end alone: one point in time.
            (None, Some(End::At(w))) => (Some(w.clone()), Some(End::At(w))),
            (None, _) => (None, None),
            (s, e) => (s, e),
        }
    }

    /// Records where an entry and its fields came from.
    fn entry(&mut self, model: &str, file: &str, row: usize, fields: &[(&str, &str)]) -> String {
        // Row 1 is the header: the first entry is on row 2.
        let at = format!("{file}, row {}", row + 2);
        self.paths.push((model.to_string(), at.clone()));
        for (m, column) in fields {
            self.paths.push((format!("{model}.{m}"), format!("{at} `{column}`")));
        }
        at
    }

    /// Columns of a row that the mapping does not read.
    fn unread(&mut self, table: &Table, read: &[&str]) {
        let mut seen: Vec<&str> = Vec::new();
        for row in &table.rows {
            for k in row.keys() {
                if !read.contains(&k.as_str()) && !seen.contains(&k.as_str()) {
                    seen.push(k);
                }
            }
        }
        if !seen.is_empty() {
            let list: Vec<String> = seen.iter().map(|c| format!("`{c}`")).collect();
            self.warn(
                table.name.clone(),
                format!("vita has no place for the column{} {}; left out", if seen.len() == 1 { "" } else { "s" }, list.join(", ")),
            );
        }
    }
}

fn rich(t: Option<&String>) -> Option<Rich> {
    t.map(|t| Rich::plain(t))
}

fn list<T>(title: &str, entries: Vec<T>) -> List<T> {
    List { id: None, title: title.into(), intro: None, entries }
}

/// `[PERSONAL:https://a.example,COMPANY:https://b.example]` (newer) or
/// `PERSONAL:https://...` (older): each address with its kind.
fn websites(text: &str) -> Vec<(String, String)> {
    let inner = text.trim().trim_start_matches('[').trim_end_matches(']');
    inner
        .split(',')
        .filter_map(|part| {
            let part = part.trim();
            let (kind, url) = match part.split_once(':') {
                Some((k, rest)) if k.chars().all(|c| c.is_ascii_uppercase() || c == '_') && !rest.starts_with("//") => {
                    (k.to_string(), rest.to_string())
                }
                _ => ("PERSONAL".to_string(), part.to_string()),
            };
            let url = vita_model::imported::web_address(&url)?;
            Some((kind, url))
        })
        .collect()
}

/// Reads the files of a LinkedIn export (name and text each) into a CV, and checks it.
pub fn load(files: &[(String, String)]) -> Checked {
    let mut r = Reader { said: Vec::new(), paths: Vec::new() };
    let mut tables: BTreeMap<String, Table> = BTreeMap::new();
    let mut others: Vec<String> = Vec::new();
    for (path, text) in files {
        let name = path.rsplit('/').next().unwrap_or(path).to_string();
        if !READ.contains(&name.as_str()) {
            if name.ends_with(".csv") {
                others.push(name);
            }
            continue;
        }
        match Table::parse(&name, text) {
            Ok(t) => {
                tables.insert(name, t);
            }
            Err(e) => r.warn(name.clone(), format!("is not CSV vita can read ({e}); it is left out")),
        }
    }
    let Some(profile) = tables.get("Profile.csv") else {
        return Checked {
            document: None,
            diagnostics: vec![Diagnostic::error("Profile.csv", "the export has no Profile.csv, which holds the member's name").with_hint(
                "give the whole archive LinkedIn sends (Settings, Data privacy, Get a copy of your data), or its unzipped folder",
            )],
        };
    };
    let mut cv = Cv { person: person(&mut r, profile, &tables), ..Cv::default() };
    let mut sections = Vec::new();

    if let Some(t) = tables.get("Positions.csv") {
        let s = sections.len();
        let fields = [
            ("org", "Company Name"),
            ("title", "Title"),
            ("description", "Description"),
            ("location", "Location"),
            ("start", "Started On"),
            ("end", "Finished On"),
        ];
        let entries: Vec<Position> = t
            .rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let at = r.entry(&format!("sections[{s}].entries[{i}]"), &t.name, i, &fields);
                let (start, end) = r.span(&at, row, &["Started On"], &["Finished On"]);
                Position {
                    org: row.get("Company Name").cloned().unwrap_or_default(),
                    title: row.get("Title").cloned(),
                    location: row.get("Location").cloned(),
                    description: rich(row.get("Description")),
                    start,
                    end,
                    ..Position::default()
                }
            })
            .collect();
        r.unread(t, &fields.map(|(_, c)| c));
        if !entries.is_empty() {
            r.paths.push((format!("sections[{s}]"), t.name.clone()));
            sections.push(Section::Positions(list("Experience", entries)));
        }
    }
    if let Some(t) = tables.get("Education.csv") {
        let s = sections.len();
        let fields = [
            ("institution", "School Name"),
            ("degree", "Degree Name"),
            ("description", "Notes"),
            ("start", "Start Date"),
            ("end", "End Date"),
        ];
        let entries: Vec<Degree> = t
            .rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let at = r.entry(&format!("sections[{s}].entries[{i}]"), &t.name, i, &fields);
                let (start, end) = r.span(&at, row, &["Start Date"], &["End Date"]);
                let text: Vec<String> =
                    [row.get("Notes").cloned(), row.get("Activities").map(|a| format!("Activities: {a}"))].into_iter().flatten().collect();
                Degree {
                    institution: row.get("School Name").cloned().unwrap_or_default(),
                    degree: row.get("Degree Name").cloned(),
                    start,
                    // An education with a start and no end has not ended, for LinkedIn as for vita.
                    end,
                    description: (!text.is_empty()).then(|| Rich::plain(&text.join("\n"))),
                    ..Degree::default()
                }
            })
            .collect();
        r.unread(t, &["School Name", "Degree Name", "Notes", "Activities", "Start Date", "End Date"]);
        if !entries.is_empty() {
            r.paths.push((format!("sections[{s}]"), t.name.clone()));
            sections.push(Section::Education(list("Education", entries)));
        }
    }
    if let Some(t) = tables.get("Publications.csv") {
        let s = sections.len();
        let owner = cv.person.name.clone();
        if !t.rows.is_empty() {
            r.warn(
                t.name.clone(),
                "LinkedIn's export names no co-authors: each publication lists the member alone; add the others in the CV",
            );
        }
        let fields = [("title", "Name"), ("date", "Published On"), ("note", "Description"), ("venue", "Publisher"), ("links.paper", "Url")];
        let entries: Vec<Publication> = t
            .rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let at = r.entry(&format!("sections[{s}].entries[{i}]"), &t.name, i, &fields);
                Publication {
                    id: format!("linkedin-{}", i + 1),
                    title: row.get("Name").cloned().unwrap_or_default(),
                    // The export lists the member's own publications, without co-authors.
                    authors: vec![vita_model::Author { name: owner.clone(), ..Default::default() }],
                    date: r.date(&format!("{at} `Published On`"), row.get("Published On")),
                    note: rich(row.get("Description")),
                    venue: row.get("Publisher").map(|p| Venue { name: p.clone(), ..Venue::default() }),
                    links: Links { paper: row.get("Url").cloned(), ..Links::default() },
                    ..Publication::default()
                }
            })
            .collect();
        r.unread(t, &fields.map(|(_, c)| c));
        if !entries.is_empty() {
            r.paths.push((format!("sections[{s}]"), t.name.clone()));
            sections.push(Section::Publications(PublicationList { title: "Publications".into(), entries, ..PublicationList::default() }));
        }
    }
    if let Some(t) = tables.get("Projects.csv") {
        let s = sections.len();
        let fields = [("title", "Title"), ("description", "Description"), ("url", "Url")];
        let entries: Vec<Item> = t
            .rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let at = r.entry(&format!("sections[{s}].entries[{i}]"), &t.name, i, &fields);
                let (date, end) = r.span(&at, row, &["Started On", "Start Date"], &["Finished On", "End Date"]);
                Item {
                    title: row.get("Title").cloned().unwrap_or_default(),
                    description: rich(row.get("Description")),
                    url: row.get("Url").cloned(),
                    date,
                    end,
                    ..Item::default()
                }
            })
            .collect();
        r.unread(t, &["Title", "Description", "Url", "Started On", "Start Date", "Finished On", "End Date"]);
        if !entries.is_empty() {
            r.paths.push((format!("sections[{s}]"), t.name.clone()));
            sections.push(Section::Custom(list("Projects", entries)));
        }
    }
    if let Some(t) = tables.get("Volunteering.csv") {
        let s = sections.len();
        let fields = [("role", "Role"), ("org", "Company Name"), ("description", "Description")];
        let entries: Vec<Service> = t
            .rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let at = r.entry(&format!("sections[{s}].entries[{i}]"), &t.name, i, &fields);
                let (date, end) = r.span(&at, row, &["Started On"], &["Finished On"]);
                let text: Vec<String> =
                    [row.get("Cause").map(|c| format!("Cause: {c}")), row.get("Description").cloned()].into_iter().flatten().collect();
                Service {
                    role: row.get("Role").cloned().unwrap_or_default(),
                    org: row.get("Company Name").cloned(),
                    date,
                    end,
                    description: (!text.is_empty()).then(|| Rich::plain(&text.join("\n"))),
                    ..Service::default()
                }
            })
            .collect();
        r.unread(t, &["Role", "Company Name", "Cause", "Description", "Started On", "Finished On"]);
        if !entries.is_empty() {
            r.paths.push((format!("sections[{s}]"), t.name.clone()));
            sections.push(Section::Service(list("Volunteering", entries)));
        }
    }
    if let Some(t) = tables.get("Honors.csv") {
        let s = sections.len();
        let fields = [("name", "Title"), ("note", "Description"), ("by", "Issuer")];
        let entries: Vec<Award> = t
            .rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let at = r.entry(&format!("sections[{s}].entries[{i}]"), &t.name, i, &fields);
                Award {
                    name: row.get("Title").cloned().unwrap_or_default(),
                    note: rich(row.get("Description")),
                    by: row.get("Issuer").cloned(),
                    date: r.date(&format!("{at} `Issued On`"), row.get("Issued On").or_else(|| row.get("Issue Date"))),
                    ..Award::default()
                }
            })
            .collect();
        r.unread(t, &["Title", "Description", "Issuer", "Issued On", "Issue Date"]);
        if !entries.is_empty() {
            r.paths.push((format!("sections[{s}]"), t.name.clone()));
            sections.push(Section::Awards(list("Honors and awards", entries)));
        }
    }
    if let Some(t) = tables.get("Certifications.csv") {
        let s = sections.len();
        let fields = [("name", "Name"), ("issuer", "Authority"), ("url", "Url"), ("date", "Started On")];
        let entries: Vec<Certificate> = t
            .rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let at = r.entry(&format!("sections[{s}].entries[{i}]"), &t.name, i, &fields);
                if let Some(n) = row.get("License Number") {
                    r.warn(format!("{at} `License Number`"), format!("vita has no place for the licence number `{n}`; it is left out"));
                }
                if row.contains_key("Finished On") {
                    r.warn(format!("{at} `Finished On`"), "vita keeps a certificate's date only; its expiry is left out");
                }
                Certificate {
                    name: row.get("Name").cloned().unwrap_or_default(),
                    issuer: row.get("Authority").cloned(),
                    url: row.get("Url").cloned(),
                    date: r.date(&format!("{at} `Started On`"), row.get("Started On")),
                    ..Certificate::default()
                }
            })
            .collect();
        r.unread(t, &["Name", "Authority", "Url", "Started On", "Finished On", "License Number"]);
        if !entries.is_empty() {
            r.paths.push((format!("sections[{s}]"), t.name.clone()));
            sections.push(Section::Certificates(list("Licenses and certifications", entries)));
        }
    }
    if let Some(t) = tables.get("Courses.csv") {
        let s = sections.len();
        let entries: Vec<Item> = t
            .rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                r.entry(&format!("sections[{s}].entries[{i}]"), &t.name, i, &[("title", "Name"), ("subtitle", "Number")]);
                Item { title: row.get("Name").cloned().unwrap_or_default(), subtitle: row.get("Number").cloned(), ..Item::default() }
            })
            .collect();
        r.unread(t, &["Name", "Number"]);
        if !entries.is_empty() {
            sections.push(Section::Custom(list("Courses", entries)));
        }
    }
    if let Some(t) = tables.get("Skills.csv") {
        let s = sections.len();
        let entries: Vec<Skill> = t
            .rows
            .iter()
            .enumerate()
            .filter_map(|(i, row)| {
                r.entry(&format!("sections[{s}].entries[{i}]"), &t.name, i, &[("name", "Name")]);
                Some(Skill { name: row.get("Name")?.clone(), ..Skill::default() })
            })
            .collect();
        if !entries.is_empty() {
            sections.push(Section::Skills(list("Skills", entries)));
        }
    }
    if let Some(t) = tables.get("Languages.csv") {
        let s = sections.len();
        let entries: Vec<Language> = t
            .rows
            .iter()
            .enumerate()
            .filter_map(|(i, row)| {
                r.entry(&format!("sections[{s}].entries[{i}]"), &t.name, i, &[("name", "Name"), ("fluency", "Proficiency")]);
                let fluency = row.get("Proficiency").cloned();
                let native = fluency.as_deref().is_some_and(|f| f.to_lowercase().starts_with("native"));
                Some(Language { name: row.get("Name")?.clone(), fluency, native, ..Language::default() })
            })
            .collect();
        if !entries.is_empty() {
            sections.push(Section::Languages(list("Languages", entries)));
        }
    }
    cv.sections = sections;
    if !others.is_empty() {
        others.sort();
        r.warn(
            "",
            format!(
                "the export's other files are not CV data and are not read: {}",
                others.iter().map(|o| format!("`{o}`")).collect::<Vec<_>>().join(", ")
            ),
        );
    }
    let checked = vita_model::check_imported(cv, &SpanIndex::default());
    let mut diagnostics = r.said;
    for mut d in checked.diagnostics {
        vita_model::imported::in_file_terms(&mut d, &r.paths);
        diagnostics.push(d);
    }
    Checked { document: checked.document, diagnostics }
}

/// The member: `Profile.csv`, with the e-mail and telephone files.
fn person(r: &mut Reader, profile: &Table, tables: &BTreeMap<String, Table>) -> Person {
    let empty = BTreeMap::new();
    let row = profile.rows.first().unwrap_or(&empty);
    let mut p = Person {
        name: [row.get("First Name"), row.get("Last Name")].into_iter().flatten().cloned().collect::<Vec<_>>().join(" "),
        label: row.get("Headline").cloned(),
        summary: rich(row.get("Summary")),
        ..Person::default()
    };
    for (m, c) in [("name", "First Name"), ("label", "Headline"), ("summary", "Summary"), ("address", "Geo Location")] {
        r.paths.push((format!("person.{m}"), format!("Profile.csv `{c}`")));
    }
    r.paths.push(("person".into(), "Profile.csv".into()));
    if p.summary.is_none() {
        p.summary = tables.get("Profile Summary.csv").and_then(|t| t.rows.first()).and_then(|row| rich(row.get("Profile Summary")));
    }
    // `Cairo, Egypt`, `Washington, District of Columbia, United States`, `Washington DC-Baltimore Area`.
    if let Some(place) = row.get("Geo Location") {
        let (city, country) = match place.rsplit_once(',') {
            Some((before, last)) => match vita_model::imported::country_code(last) {
                Some(code) => (before.split(',').next().unwrap_or(before).trim().to_string(), Some(code)),
                None => (place.clone(), None),
            },
            None => match vita_model::imported::country_code(place) {
                Some(code) => (String::new(), Some(code)),
                None => (place.clone(), None),
            },
        };
        p.address = Some(Address {
            city: (!city.is_empty()).then_some(city),
            country,
            postal_code: row.get("Zip Code").cloned(),
            street: row.get("Address").cloned(),
            ..Address::default()
        });
    }
    if let Some(w) = row.get("Websites") {
        for (i, (kind, url)) in websites(w).into_iter().enumerate() {
            if i == 0 {
                p.website = Some(url);
            } else {
                let network = match kind.as_str() {
                    "COMPANY" => "Company",
                    "BLOG" => "Blog",
                    "PORTFOLIO" | "RSS" => "Portfolio",
                    _ => "Web",
                };
                p.profiles.push(Profile { network: network.into(), url: Some(url), ..Profile::default() });
            }
        }
    }
    if let Some(t) = row.get("Twitter Handles") {
        for handle in t.trim_matches(['[', ']']).split(',').map(|h| h.trim().trim_start_matches('@')).filter(|h| !h.is_empty()) {
            let url = format!("https://x.com/{handle}");
            let url = vita_model::validate::check_url(&url).is_ok().then_some(url);
            p.profiles.push(Profile { network: "X".into(), username: Some(handle.to_string()), url });
        }
    }
    for (column, what) in [
        ("Birth Date", "the birth date"),
        ("Instant Messengers", "instant messaging addresses"),
        ("Maiden Name", "the maiden name"),
        ("Industry", "the industry"),
        ("Contact Instructions", "the contact instructions"),
    ] {
        if row.contains_key(column) {
            r.warn(format!("Profile.csv `{column}`"), format!("vita has no place for {what}; it is left out"));
        }
    }
    if let Some(t) = tables.get("Email Addresses.csv") {
        let primary = t.rows.iter().find(|row| row.get("Primary").map(String::as_str) == Some("Yes")).or(t.rows.first());
        p.email = primary.and_then(|row| row.get("Email Address")).cloned();
        r.paths.push(("person.email".into(), "Email Addresses.csv `Email Address`".into()));
    }
    let phones = tables.get("PhoneNumbers.csv").or_else(|| tables.get("Phone Numbers.csv"));
    if let Some(t) = phones {
        p.phone = t.rows.iter().find_map(|row| row.get("Number")).cloned();
        r.paths.push(("person.phone".into(), format!("{} `Number`", t.name)));
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn websites_in_both_layouts() {
        assert_eq!(
            websites("[PERSONAL:https://a.example,COMPANY:https://b.example/x]"),
            [("PERSONAL".to_string(), "https://a.example".to_string()), ("COMPANY".to_string(), "https://b.example/x".to_string())]
        );
        assert_eq!(websites("PORTFOLIO:www.c.example"), [("PORTFOLIO".to_string(), "https://www.c.example".to_string())]);
    }

    #[test]
    fn an_export_by_its_files() {
        assert!(is_export(&["export/Profile.csv", "export/Positions.csv", "Connections.csv"]));
        assert!(!is_export(&["Profile.csv"]));
        assert!(!is_export(&["Positions.csv", "Skills.csv"]));
    }
}
