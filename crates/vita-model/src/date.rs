//! Partial dates, academic terms and open ranges, written as short strings.
//!
//! A date in a CV is rarely a full calendar day: `2013`, `2013-09`, `2013-09-01`
//! and `Fall 2017` are all common. [`When`] holds any of them; [`End`] adds the
//! open end of a range (`present`, `current`, `now`). Values that do not parse
//! are kept as [`When::Invalid`] so that validation can report every bad date of
//! a file in one pass, with its position, instead of stopping at the first.

use std::cmp::Ordering;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A season of an academic calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Season {
    /// Winter term (starts around January).
    Winter,
    /// Spring term (starts around March).
    Spring,
    /// Summer term (starts around June).
    Summer,
    /// Fall (autumn) term (starts around September).
    Fall,
}

impl Season {
    /// The month a term of this season is taken to start in, for ordering.
    pub fn month(self) -> u8 {
        match self {
            Season::Winter => 1,
            Season::Spring => 3,
            Season::Summer => 6,
            Season::Fall => 9,
        }
    }

    /// The English name, as written in a CV.
    pub fn name(self) -> &'static str {
        match self {
            Season::Winter => "Winter",
            Season::Spring => "Spring",
            Season::Summer => "Summer",
            Season::Fall => "Fall",
        }
    }
}

/// A calendar date that may lack its month or day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Date {
    /// The year, four digits.
    pub year: u16,
    /// The month, 1 to 12, if known.
    pub month: Option<u8>,
    /// The day of the month, if known (only with a month).
    pub day: Option<u8>,
}

impl Date {
    /// A date with only a year.
    pub fn year(year: u16) -> Self {
        Date { year, month: None, day: None }
    }

    /// The ISO 8601 form with as much precision as the date has: `2013`, `2013-09`, `2013-09-01`.
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{:02}-{:02}", self.year, m, d),
            (Some(m), None) => format!("{:04}-{:02}", self.year, m),
            _ => format!("{:04}", self.year),
        }
    }

    /// Seconds since the Unix epoch at midnight UTC on the first day the date denotes.
    pub fn unix_seconds(&self) -> i64 {
        // Days from civil date (proleptic Gregorian), after Howard Hinnant's algorithm.
        let (m, d) = (i64::from(self.month.unwrap_or(1)), i64::from(self.day.unwrap_or(1)));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        (era * 146_097 + doe - 719_468) * 86_400
    }

    fn key(&self) -> (u16, u8, u8) {
        (self.year, self.month.unwrap_or(0), self.day.unwrap_or(0))
    }
}

/// The civil date (year, month, day) of a day counted from 1970-01-01,
/// proleptic Gregorian (Howard Hinnant's `civil_from_days`); the inverse of
/// [`Date::unix_seconds`] at day resolution.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// A point in time as a CV writes it: a partial date or an academic term.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum When {
    /// A partial calendar date.
    Date(Date),
    /// An academic term such as `Fall 2017`.
    Term {
        /// The season.
        season: Season,
        /// The year.
        year: u16,
    },
    /// Text that is not a date; validation reports it. Never reaches a backend.
    Invalid {
        /// The text as written.
        text: String,
        /// Why it is not a date.
        reason: String,
    },
}

impl When {
    /// Parses `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `<Season> YYYY`.
    pub fn parse(text: &str) -> When {
        match parse_when(text.trim()) {
            Ok(w) => w,
            Err(reason) => When::Invalid { text: text.to_string(), reason },
        }
    }

    /// The year, if the value is valid.
    pub fn year(&self) -> Option<u16> {
        match self {
            When::Date(d) => Some(d.year),
            When::Term { year, .. } => Some(*year),
            When::Invalid { .. } => None,
        }
    }

    /// The month (a term's starting month), if known.
    pub fn month(&self) -> Option<u8> {
        match self {
            When::Date(d) => d.month,
            When::Term { season, .. } => Some(season.month()),
            When::Invalid { .. } => None,
        }
    }

    /// The calendar date, for terms the first day of the term's starting month.
    pub fn as_date(&self) -> Option<Date> {
        match self {
            When::Date(d) => Some(*d),
            When::Term { season, year } => Some(Date { year: *year, month: Some(season.month()), day: None }),
            When::Invalid { .. } => None,
        }
    }

    /// The source form (`2013-09`, `Fall 2017`).
    pub fn source(&self) -> String {
        match self {
            When::Date(d) => d.iso(),
            When::Term { season, year } => format!("{} {}", season.name(), year),
            When::Invalid { text, .. } => text.clone(),
        }
    }

    /// Compares two valid values by the earliest moment they can denote;
    /// `None` when either is invalid.
    pub fn cmp_start(&self, other: &When) -> Option<Ordering> {
        Some(self.as_date()?.key().cmp(&other.as_date()?.key()))
    }

    /// Compares two values at the precision both have: `2019` and `2019-05` are equal.
    pub fn cmp_coarse(&self, other: &When) -> Option<Ordering> {
        let a = self.as_date()?;
        let b = other.as_date()?;
        let ka = a.key();
        let kb = b.key();
        let by_year = ka.0.cmp(&kb.0);
        if by_year != Ordering::Equal || a.month.is_none() || b.month.is_none() {
            return Some(by_year);
        }
        let by_month = ka.1.cmp(&kb.1);
        if by_month != Ordering::Equal || a.day.is_none() || b.day.is_none() {
            return Some(by_month);
        }
        Some(ka.2.cmp(&kb.2))
    }
}

/// A date as the files people import write it, for importers (the CV
/// itself takes only vita's forms): vita's own forms, `2023-9`, `2023/09`,
/// `2023/09/05`, `9/2023`, `09.2023`, `5.9.2023` and `05/09/2023` (day
/// first, as Europe writes it; a first number over 12 is always a day),
/// month names in English (`Sep 2023`, `September 5, 2023`, `5 Sep 2023`,
/// `Sept. 2023`), and a year with an apostrophe (`'16`: 00–68 are read as
/// 2000–2068 and 69–99 as 1969–1999, POSIX's rule for two-digit years; vita
/// reads no clock). `None` for anything else (a range, `Present`, words).
pub fn lenient(text: &str) -> Option<When> {
    let t = text.trim().trim_end_matches('.');
    if let w @ (When::Date(_) | When::Term { .. }) = When::parse(t) {
        return Some(w);
    }
    let date = |year: u16, month: Option<u8>, day: Option<u8>| -> Option<When> {
        let ok = (1000..=9999).contains(&year)
            && month.is_none_or(|m| (1..=12).contains(&m))
            && match (month, day) {
                (Some(m), Some(d)) => d >= 1 && d <= days_in_month(year, m),
                (None, Some(_)) => false,
                _ => true,
            };
        ok.then_some(When::Date(Date { year, month, day }))
    };
    if let Some(two) = t.strip_prefix('\'').or_else(|| t.strip_prefix('’')) {
        if two.len() == 2 && two.bytes().all(|b| b.is_ascii_digit()) {
            let n: u16 = two.parse().ok()?;
            return date(if n <= 68 { 2000 + n } else { 1900 + n }, None, None);
        }
        return None;
    }
    // Numbers with `-`, `/` or `.` between them.
    let parts: Vec<&str> = t.split(['-', '/', '.']).map(str::trim).collect();
    if parts.len() > 1 && parts.iter().all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit())) {
        let n: Vec<u16> = parts.iter().filter_map(|p| p.parse().ok()).collect();
        let year_first = parts[0].len() == 4;
        return match (n.as_slice(), year_first) {
            ([y, m], true) => date(*y, u8::try_from(*m).ok(), None),
            // A day the month does not have (`2023-06-31`): the month.
            ([y, m, d], true) => date(*y, u8::try_from(*m).ok(), u8::try_from(*d).ok()).or_else(|| date(*y, u8::try_from(*m).ok(), None)),
            ([m, y], false) if parts[1].len() == 4 => date(*y, u8::try_from(*m).ok(), None),
            ([a, b, y], false) if parts[2].len() == 4 => {
                // Day first, unless the second number cannot be a month.
                let (d, m) = if *b > 12 && *a <= 12 { (*b, *a) } else { (*a, *b) };
                date(*y, u8::try_from(m).ok(), u8::try_from(d).ok())
            }
            _ => None,
        };
    }
    // Month names: `Sep 2023`, `September 5, 2023`, `5 Sep 2023`.
    let words: Vec<&str> = t.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    let month_of = |w: &str| month_named(w);
    let num = |w: &str| -> Option<u16> { w.trim_end_matches(['.', 's', 't', 'n', 'd', 'r', 'h']).parse().ok() };
    let words: Vec<&str> = words.into_iter().filter(|w| !matches!(w.to_lowercase().as_str(), "de" | "del" | "of")).collect();
    match words.as_slice() {
        [m, y] if y.len() == 4 => date(num(y)?, Some(month_of(m)?), None),
        [m, d, y] if y.len() == 4 && month_of(m).is_some() => date(num(y)?, month_of(m), u8::try_from(num(d)?).ok()),
        [d, m, y] if y.len() == 4 => date(num(y)?, Some(month_of(m)?), u8::try_from(num(d)?).ok()),
        _ => None,
    }
}

/// The month a word names, in English, French, German, Spanish,
/// Portuguese, Italian or Dutch, written out or cut (`Sep`, `Sept.`, `févr.`).
pub fn month_named(word: &str) -> Option<u8> {
    const NAMES: [&[&str]; 12] = [
        &["january", "janvier", "januar", "enero", "janeiro", "gennaio", "januari", "jänner"],
        &["february", "février", "fevrier", "februar", "febrero", "fevereiro", "febbraio", "februari"],
        &["march", "mars", "märz", "marz", "marzo", "março", "marco", "maart"],
        &["april", "avril", "abril", "aprile"],
        &["may", "mai", "mayo", "maio", "maggio", "mei"],
        &["june", "juin", "juni", "junio", "junho", "giugno"],
        &["july", "juillet", "juli", "julio", "julho", "luglio"],
        &["august", "août", "aout", "agosto", "augustus"],
        &["september", "septembre", "septiembre", "setiembre", "setembro", "settembre"],
        &["october", "octobre", "oktober", "octubre", "outubro", "ottobre"],
        &["november", "novembre", "noviembre", "novembro"],
        &["december", "décembre", "decembre", "dezember", "diciembre", "dezembro", "dicembre"],
    ];
    let w = word.trim_end_matches('.').to_lowercase();
    if w.chars().count() < 3 {
        return None;
    }
    NAMES
        .iter()
        .position(|names| {
            names
                .iter()
                .any(|n| *n == w || (n.starts_with(w.as_str()) && (w.chars().count() >= 3)) || (w == "sept" && n.starts_with("sept")))
        })
        .map(|i| i as u8 + 1)
}

/// Whether an end date's text says the entry goes on (`Present`, `now`,
/// `aktuell`, `至今`, ...), in the languages CVs are written in.
pub fn is_present(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "present",
        "current",
        "currently",
        "now",
        "today",
        "ongoing",
        "on-going",
        "to date",
        "till date",
        "until now",
        "till now",
        "to present",
        "the present",
        "présent",
        "actuel",
        "actuellement",
        "aujourd'hui",
        "en cours",
        "aktuell",
        "heute",
        "bis heute",
        "jetzt",
        "derzeit",
        "laufend",
        "presente",
        "actualidad",
        "actualmente",
        "la actualidad",
        "actual",
        "atual",
        "atualmente",
        "hoje",
        "o momento",
        "oggi",
        "in corso",
        "attuale",
        "obecnie",
        "teraz",
        "nu",
        "heden",
        "huidig",
        "nyní",
        "současnost",
        "jelenleg",
        "şu an",
        "günümüz",
        "halen",
        "nå",
        "nuvarande",
        "pågående",
        "nykyinen",
        "至今",
        "现在",
        "現在",
        "今",
        "目前",
        "현재",
        "재직중",
        "настоящее время",
        "по настоящее время",
        "сейчас",
        "теперішній час",
        "الآن",
        "حتى الآن",
        "עכשיו",
        "hiện tại",
        "sekarang",
        "ปัจจุบัน",
    ];
    let t = text.trim().trim_matches(|c: char| c == '.' || c == '(' || c == ')').to_lowercase();
    WORDS.contains(&t.as_str())
}

/// What a month and year written as other tools and people write them
/// (`Feb 2025`, `February 2025`, `Sept. 2016`, `2/2025`, `02/2025`) is in
/// vita's form, `2025-02`; `None` for anything else.
pub fn month_and_year(text: &str) -> Option<String> {
    const MONTHS: [&str; 12] =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
    let text = text.trim();
    let (month, year) = text.split_once([' ', '/']).map(|(m, y)| (m.trim().trim_end_matches([',', '.']), y.trim()))?;
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let month = match month.parse::<u32>() {
        Ok(n) if (1..=12).contains(&n) && text.contains('/') => n,
        Ok(_) => return None,
        Err(_) => {
            let lower = month.to_lowercase();
            // A name or its first three letters or more (`Sep`, `Sept`).
            let i = MONTHS.iter().position(|m| lower.len() >= 3 && m.starts_with(&lower))?;
            i as u32 + 1
        }
    };
    Some(format!("{year}-{month:02}"))
}

fn parse_when(text: &str) -> Result<When, String> {
    if month_and_year(text).is_some() {
        return Err(format!("`{text}` is a month and a year as other tools write them"));
    }
    if let Some((season, year)) = text.split_once(' ') {
        let season = match season.to_ascii_lowercase().as_str() {
            "winter" => Season::Winter,
            "spring" => Season::Spring,
            "summer" => Season::Summer,
            "fall" | "autumn" => Season::Fall,
            _ => return Err(format!("`{season}` is not a term")),
        };
        let year = parse_year(year.trim())?;
        return Ok(When::Term { season, year });
    }
    let mut parts = text.split('-');
    let year = parse_year(parts.next().unwrap_or(""))?;
    let month = match parts.next() {
        None => None,
        Some(m) => Some(parse_num(m, "month", 2)?),
    };
    let day = match parts.next() {
        None => None,
        Some(d) => Some(parse_num(d, "day", 2)?),
    };
    if parts.next().is_some() {
        return Err("too many parts (write YYYY, YYYY-MM or YYYY-MM-DD)".into());
    }
    if let Some(m) = month {
        if !(1..=12).contains(&m) {
            return Err(format!("month {m} is not between 1 and 12"));
        }
    }
    if let (Some(m), Some(d)) = (month, day) {
        let max = days_in_month(year, m);
        if d == 0 || d > max {
            return Err(format!("day {d} is not between 1 and {max}"));
        }
    }
    Ok(When::Date(Date { year, month, day }))
}

fn parse_year(s: &str) -> Result<u16, String> {
    if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().map_err(|_| format!("`{s}` is not a year"))
    } else {
        Err(format!("`{s}` is not a four-digit year"))
    }
}

fn parse_num(s: &str, what: &str, width: usize) -> Result<u8, String> {
    if s.len() == width && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().map_err(|_| format!("`{s}` is not a {what}"))
    } else {
        Err(format!("`{s}` is not a two-digit {what}"))
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for When {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source())
    }
}

impl Serialize for When {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.source())
    }
}

impl<'de> Deserialize<'de> for When {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(When::parse(&s))
    }
}

/// The end of a range: a point in time, or open (`present`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum End {
    /// The range is ongoing.
    Present,
    /// The range ended at this point.
    At(When),
}

impl End {
    /// Parses `present`, `current`, `now` or anything [`When::parse`] takes.
    pub fn parse(text: &str) -> End {
        match text.trim().to_ascii_lowercase().as_str() {
            "present" | "current" | "now" | "ongoing" => End::Present,
            _ => End::At(When::parse(text)),
        }
    }

    /// The point, when the range is closed.
    pub fn when(&self) -> Option<&When> {
        match self {
            End::Present => None,
            End::At(w) => Some(w),
        }
    }
}

impl Serialize for End {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            End::Present => s.serialize_str("present"),
            End::At(w) => w.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for End {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(End::parse(&s))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn days_give_their_civil_date() {
        assert_eq!(super::civil_from_days(0), (1970, 1, 1));
        assert_eq!(super::civil_from_days(20_485), (2026, 2, 1));
        assert_eq!(super::civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(super::civil_from_days(11_017), (2000, 3, 1));
        assert_eq!(super::civil_from_days(-1), (1969, 12, 31));
    }

    use super::*;

    #[test]
    fn unix_seconds_of_the_first_day() {
        let secs = |s: &str| When::parse(s).as_date().map(|d| d.unix_seconds());
        assert_eq!(secs("1970"), Some(0));
        assert_eq!(secs("2000-02-29"), Some(951_782_400));
        assert_eq!(secs("2022-11"), Some(1_667_260_800));
    }

    #[test]
    fn parses_partial_dates_and_terms() {
        assert_eq!(When::parse("2013"), When::Date(Date::year(2013)));
        assert_eq!(When::parse("2013-09").source(), "2013-09");
        assert_eq!(When::parse("2013-09-01").source(), "2013-09-01");
        assert_eq!(When::parse("Fall 2017"), When::Term { season: Season::Fall, year: 2017 });
        assert_eq!(End::parse("current"), End::Present);
    }

    #[test]
    fn rejects_impossible_dates() {
        let bad = |s: &str| match When::parse(s) {
            When::Invalid { reason, .. } => reason,
            other => panic!("{s} parsed as {other:?}"),
        };
        assert_eq!(bad("2013-13"), "month 13 is not between 1 and 12");
        assert_eq!(bad("2023-02-29"), "day 29 is not between 1 and 28");
        assert_eq!(bad("Autumm 2020"), "`Autumm` is not a term");
        assert_eq!(bad("Feb 2025"), "`Feb 2025` is a month and a year as other tools write them");
        for (text, vita) in [("Feb 2025", "2025-02"), ("September 2016", "2016-09"), ("Sept. 2016", "2016-09"), ("2/2025", "2025-02")] {
            assert_eq!(month_and_year(text).as_deref(), Some(vita), "{text}");
        }
        for text in ["Fall 2017", "Ma 2020", "13/2020", "2 2025", "Feb 25"] {
            assert_eq!(month_and_year(text), None, "{text}");
        }
        assert!(matches!(When::parse("2024-02-29"), When::Date(_)));
    }

    #[test]
    fn coarse_comparison_ignores_missing_precision() {
        let a = When::parse("2019");
        let b = When::parse("2019-05");
        assert_eq!(a.cmp_coarse(&b), Some(Ordering::Equal));
        assert_eq!(When::parse("Spring 2018").cmp_coarse(&When::parse("2018-02")), Some(Ordering::Greater));
    }

    #[test]
    fn imported_dates_in_the_forms_people_write() {
        let d = |y, m, day| Some(When::Date(Date { year: y, month: m, day }));
        for (text, want) in [
            ("2023", d(2023, None, None)),
            ("2023-9", d(2023, Some(9), None)),
            ("2023/09", d(2023, Some(9), None)),
            ("2023/09/05", d(2023, Some(9), Some(5))),
            ("10/2023", d(2023, Some(10), None)),
            ("09.2023", d(2023, Some(9), None)),
            ("5.9.2023", d(2023, Some(9), Some(5))),
            ("12/25/2023", d(2023, Some(12), Some(25))),
            ("Sep 2023", d(2023, Some(9), None)),
            ("Sept. 2023", d(2023, Some(9), None)),
            ("September 5, 2023", d(2023, Some(9), Some(5))),
            ("5 Sep 2023", d(2023, Some(9), Some(5))),
            ("1st March 2021", d(2021, Some(3), Some(1))),
            ("'16", d(2016, None, None)),
            ("'99", d(1999, None, None)),
            ("Fall 2017", Some(When::Term { season: Season::Fall, year: 2017 })),
            // A day the month does not have: the month, which the importer says.
            ("2023-02-30", d(2023, Some(2), None)),
            ("septembre 2021", d(2021, Some(9), None)),
            ("März 2020", d(2020, Some(3), None)),
            ("enero de 2019", d(2019, Some(1), None)),
            ("févr. 2018", d(2018, Some(2), None)),
        ] {
            assert_eq!(lenient(text), want, "{text}");
        }
        for text in ["Present", "", "2003--2015", "soon", "13/13/2023", "Sepp 2023", "Ma 2023", "'1", "99/2023"] {
            assert_eq!(lenient(text), None, "{text}");
        }
    }
}
