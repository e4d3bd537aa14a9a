//! Themes: the looks of the formats that are read as designed pages (the
//! Typst PDF and the HTML page). A theme is data: a `theme.ron` that
//! describes it and declares its options (each with a kind, a default and
//! what it does), and for each format it styles a folder of templates that
//! replace that format's own (`typst/theme.typ.hbs`, `html/style.css`).
//! The built-in themes live under `formats/themes/`; a CV may bring its own
//! in a `themes/NAME/` folder beside it.
//!
//! Option values are checked here against their kind before any template
//! sees them (a colour is `#rrggbb`, a length a number and a unit within
//! the option's bounds, a font a family name of letters, digits, spaces
//! and hyphens, a choice one of its names), so a template inserts them as
//! they are, in Typst code or CSS, and no value can become code.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The formats themes style: each has a folder in a theme.
pub const FORMATS: &[&str] = &["typst", "html"];

/// The formats whose look follows the theme: those with templates in a
/// theme ([`FORMATS`]), and Word, which takes its font, size, margins,
/// colour, heading case and date style from the theme's values.
pub const STYLED: &[&str] = &["typst", "html", "docx"];

/// The theme a build uses when none is named.
pub const DEFAULT: &str = "classic";

/// A built-in theme: its name, its `theme.ron`, and its templates as
/// (format, file name, text).
pub struct Builtin {
    /// The theme's name.
    pub name: &'static str,
    /// Its `theme.ron`.
    pub spec: &'static str,
    /// Its templates: (format, file name, text).
    pub files: &'static [(&'static str, &'static str, &'static str)],
}

macro_rules! theme_file {
    ($theme:literal, $format:literal, $file:literal) => {
        ($format, $file, include_str!(concat!("../../../formats/themes/", $theme, "/", $format, "/", $file)))
    };
}

/// The themes shipped with vita, under `formats/themes/`.
pub const BUILTIN: &[Builtin] = &[
    // The formats' own templates are the classic look.
    Builtin { name: "classic", spec: include_str!("../../../formats/themes/classic/theme.ron"), files: &[] },
    Builtin {
        name: "modern",
        spec: include_str!("../../../formats/themes/modern/theme.ron"),
        files: &[theme_file!("modern", "typst", "theme.typ.hbs"), theme_file!("modern", "html", "style.css")],
    },
    Builtin {
        name: "margin",
        spec: include_str!("../../../formats/themes/margin/theme.ron"),
        files: &[theme_file!("margin", "typst", "theme.typ.hbs"), theme_file!("margin", "html", "style.css")],
    },
    Builtin {
        name: "compact",
        spec: include_str!("../../../formats/themes/compact/theme.ron"),
        files: &[theme_file!("compact", "typst", "theme.typ.hbs"), theme_file!("compact", "html", "style.css")],
    },
    Builtin {
        name: "ats",
        spec: include_str!("../../../formats/themes/ats/theme.ron"),
        files: &[theme_file!("ats", "typst", "theme.typ.hbs"), theme_file!("ats", "html", "style.css")],
    },
];

/// A built-in theme by name.
pub fn builtin(name: &str) -> Option<&'static Builtin> {
    BUILTIN.iter().find(|b| b.name == name)
}

/// A theme's `theme.ron`: what it is, and its options.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    /// One line saying what the theme looks like.
    pub description: String,
    /// Whether it sets an icon before each contact (the text stays).
    #[serde(default)]
    pub icons: bool,
    /// The options a CV may set (`settings.theme_options`), in the order they are listed.
    #[serde(default)]
    pub options: Vec<OptionSpec>,
}

/// One option of a theme.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct OptionSpec {
    /// Its name (`accent`).
    pub name: String,
    /// The values it takes.
    pub kind: Kind,
    /// Its value when the CV gives none.
    pub default: String,
    /// What it does.
    pub doc: String,
}

/// The values an option takes.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub enum Kind {
    /// A colour, `#rrggbb`.
    Colour,
    /// A length, a number and a unit (`pt`, `mm`, `cm`, `in`), within
    /// bounds given in points.
    Length {
        /// The least value, in points.
        min: f64,
        /// The greatest value, in points.
        max: f64,
    },
    /// A font family name.
    Font,
    /// One of these names.
    Choice(Vec<String>),
}

impl Kind {
    /// How the kind reads in a listing (`#rrggbb`, `a length from 7pt to 16pt`).
    pub fn describe(&self) -> String {
        match self {
            Kind::Colour => "a colour, #rrggbb".into(),
            Kind::Length { min, max } => format!("a length from {} (pt, mm, cm or in)", bounds(*min, *max)),
            Kind::Font => "a font family name".into(),
            Kind::Choice(names) => format!("one of {}", names.join(", ")),
        }
    }

    /// Checks a value: the error says what the kind takes.
    pub fn check(&self, value: &str) -> Result<(), String> {
        match self {
            Kind::Colour => {
                let hex = value.strip_prefix('#').unwrap_or("");
                if hex.len() == 6 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    Ok(())
                } else {
                    Err("a colour is written `#rrggbb`, such as `#1a4f8b`".into())
                }
            }
            Kind::Length { min, max } => match points(value) {
                Some(pt) if pt >= *min && pt <= *max => Ok(()),
                Some(_) => Err(format!("use a length from {}", bounds(*min, *max))),
                None => Err("a length is a number and a unit (pt, mm, cm or in), such as `10.5pt` or `2cm`".into()),
            },
            Kind::Font => {
                let ok = !value.trim().is_empty()
                    && value.len() <= 64
                    && value.chars().all(|c| c.is_alphanumeric() || c == ' ' || c == '-')
                    && value.trim() == value;
                if ok {
                    Ok(())
                } else {
                    Err("a font family name is letters, digits, spaces and hyphens, such as `Noto Sans`".into())
                }
            }
            Kind::Choice(names) => {
                if names.iter().any(|n| n == value) {
                    Ok(())
                } else {
                    Err(format!("use one of {}", names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")))
                }
            }
        }
    }
}

/// `7pt to 16pt`, with centimetres beside lengths of a page's size.
fn bounds(min: f64, max: f64) -> String {
    let cm = |pt: f64| format!("{:.1}cm", pt * 2.54 / 72.0);
    if min >= 20.0 {
        format!("{min}pt to {max}pt ({} to {})", cm(min), cm(max))
    } else {
        format!("{min}pt to {max}pt")
    }
}

/// A length in points: a number of at most three digits before and two
/// after the point, and a unit.
pub fn points(value: &str) -> Option<f64> {
    let (number, per) = [("pt", 1.0), ("mm", 72.0 / 25.4), ("cm", 72.0 / 2.54), ("in", 72.0)]
        .into_iter()
        .find_map(|(unit, per)| value.strip_suffix(unit).map(|n| (n, per)))?;
    let (whole, frac) = number.split_once('.').unwrap_or((number, ""));
    let digits = |s: &str, most: usize| s.len() <= most && s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole, 3) || !digits(frac, 2) || (number.contains('.') && frac.is_empty()) {
        return None;
    }
    number.parse::<f64>().ok().map(|n| n * per)
}

/// What is wrong with a `theme.ron`: a message and where, when known.
#[derive(Clone, Debug, PartialEq)]
pub struct SpecError {
    /// What is wrong.
    pub message: String,
    /// 1-based line and column, when known.
    pub pos: Option<(usize, usize)>,
}

impl Spec {
    /// Reads a `theme.ron` and checks it: option names are unique words, and
    /// each default is a value of its kind.
    pub fn parse(text: &str) -> Result<Spec, SpecError> {
        let spec: Spec =
            ron::from_str(text).map_err(|e| SpecError { message: e.code.to_string(), pos: Some((e.span.start.line, e.span.start.col)) })?;
        for (i, o) in spec.options.iter().enumerate() {
            let at = text.find(&format!("\"{}\"", o.name)).map(|at| line_col(text, at));
            if o.name.is_empty() || !o.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
                return Err(SpecError { message: format!("the option name `{}` is not lower-case letters and hyphens", o.name), pos: at });
            }
            if spec.options[..i].iter().any(|p| p.name == o.name) {
                return Err(SpecError { message: format!("a second option named `{}`", o.name), pos: at });
            }
            // Choices reach templates as they are: words only.
            if let Kind::Choice(names) = &o.kind {
                if let Some(bad) =
                    names.iter().find(|n| n.is_empty() || !n.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'))
                {
                    return Err(SpecError {
                        message: format!("the choice `{bad}` of `{}` is not lower-case letters, digits and hyphens", o.name),
                        pos: at,
                    });
                }
            }
            if let Kind::Length { min, max } = o.kind {
                if !(min.is_finite() && max.is_finite() && min >= 0.0 && min <= max) {
                    return Err(SpecError { message: format!("the bounds of `{}` are not 0 <= min <= max", o.name), pos: at });
                }
            }
            o.kind.check(&o.default).map_err(|hint| SpecError {
                message: format!("the default `{}` of `{}` is not a value of its kind: {hint}", o.default, o.name),
                pos: at,
            })?;
        }
        Ok(spec)
    }

    /// An option by name.
    pub fn option(&self, name: &str) -> Option<&OptionSpec> {
        self.options.iter().find(|o| o.name == name)
    }

    /// The option names.
    pub fn option_names(&self) -> Vec<String> {
        self.options.iter().map(|o| o.name.clone()).collect()
    }

    /// Every option's value: the given one (checked already), else the default.
    pub fn values(&self, given: &BTreeMap<String, String>) -> BTreeMap<String, String> {
        self.options.iter().map(|o| (o.name.clone(), given.get(&o.name).unwrap_or(&o.default).clone())).collect()
    }
}

fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// The values a backend renders with: the build's, over the defaults of
/// the built-in theme it names (classic when it names none or its own).
pub fn values(theme: &vita_backend::Theme) -> BTreeMap<String, String> {
    let base = builtin(&theme.name).or_else(|| builtin(DEFAULT)).map(|b| b.spec);
    let mut out = base.and_then(|s| Spec::parse(s).ok()).map(|s| s.values(&BTreeMap::new())).unwrap_or_default();
    out.extend(theme.values.iter().map(|(k, v)| (k.clone(), v.clone())));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_theme_reads_and_has_the_shared_options() {
        for b in BUILTIN {
            let spec = Spec::parse(b.spec).unwrap_or_else(|e| panic!("{}: {e:?}", b.name));
            assert_eq!(spec.option_names(), ["accent", "font", "size", "margin", "dates", "headings"], "{}", b.name);
            for (format, _, _) in b.files {
                assert!(FORMATS.contains(format), "{}: {format}", b.name);
            }
        }
    }

    #[test]
    fn values_are_checked_by_kind() {
        let length = Kind::Length { min: 7.0, max: 16.0 };
        assert_eq!(length.check("10.5pt"), Ok(()));
        assert_eq!(length.check("4mm"), Ok(()));
        assert_eq!(length.check("1in"), Err("use a length from 7pt to 16pt".into()));
        for bad in ["10", "pt", "1.pt", "1e2pt", "-3pt", "1000pt", "10.555pt", "10pt;"] {
            assert!(length.check(bad).is_err(), "{bad}");
        }
        assert_eq!(Kind::Colour.check("#1A4f8b"), Ok(()));
        for bad in ["1a4f8b", "#1a4f8", "#1a4f8g", "red", "#1a4f8b\")"] {
            assert!(Kind::Colour.check(bad).is_err(), "{bad}");
        }
        assert_eq!(Kind::Font.check("Noto Sans"), Ok(()));
        for bad in ["", " Noto", "Noto\"", "a;b", "x\ny"] {
            assert!(Kind::Font.check(bad).is_err(), "{bad}");
        }
        let choice = Kind::Choice(vec!["caps".into(), "bold".into()]);
        assert_eq!(choice.check("bold"), Ok(()));
        assert_eq!(choice.check("Bold"), Err("use one of `caps`, `bold`".into()));
    }

    #[test]
    fn a_bad_default_is_named() {
        let e = Spec::parse("(description: \"x\", options: [\n  (name: \"accent\", kind: Colour, default: \"blue\", doc: \"\"),\n])")
            .unwrap_err();
        assert_eq!(
            e.message,
            "the default `blue` of `accent` is not a value of its kind: a colour is written `#rrggbb`, such as `#1a4f8b`"
        );
        assert_eq!(e.pos, Some((2, 10)));
    }

    #[test]
    fn a_choice_that_could_be_code_is_refused() {
        let e = Spec::parse(r#"(description: "x", options: [(name: "h", kind: Choice(["caps\"); #x"]), default: "caps", doc: "")])"#)
            .unwrap_err();
        assert_eq!(e.message, "the choice `caps\"); #x` of `h` is not lower-case letters, digits and hyphens");
        let e = Spec::parse(r#"(description: "x", options: [(name: "s", kind: Length(min: 9, max: 2), default: "5pt", doc: "")])"#)
            .unwrap_err();
        assert_eq!(e.message, "the bounds of `s` are not 0 <= min <= max");
    }

    #[test]
    fn backends_get_the_defaults_under_the_values_given() {
        let v =
            values(&vita_backend::Theme { name: String::new(), values: [("size".to_string(), "9pt".to_string())].into(), icons: false });
        assert_eq!(v["size"], "9pt");
        assert_eq!(v["accent"], "#1a4f8b");
        assert_eq!(values(&vita_backend::Theme { name: "modern".into(), values: BTreeMap::new(), icons: true })["font"], "Noto Sans");
    }
}
