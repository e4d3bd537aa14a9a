//! LaTeX escaping: the one place where text becomes LaTeX source.
//!
//! Every character of a field comes out as itself. The ten characters TeX
//! treats specially (`\ { } # $ % & _ ~ ^`) become commands or escaped
//! characters; quotes, `<`, `>`, `|` and `` ` `` become text commands, so that
//! neither a font encoding nor a ligature (`--`, `,,`, `<<`, `!``) changes
//! them; square brackets are braced, so that text after `\item` or `\\` is never
//! read as an optional argument. A backslash is printed, so `\input{x}`,
//! `\write18{x}` or `\def` in a field are text, not commands.
//!
//! pdfLaTeX reads UTF-8 through `inputenc` and prints the characters that the
//! T1 and TS1 font encodings define ([`PDFLATEX`], taken from LaTeX's
//! `t1enc.dfu` and `ts1enc.dfu`). Greek letters become math symbols (`μ` the
//! text micro sign), a few mathematical signs likewise; any other character
//! is replaced by a fallback and reported by [`unsupported`]. XeLaTeX and
//! LuaLaTeX take every character as it is; the font decides.

/// The TeX engine a document is written for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Engine {
    /// pdfLaTeX with T1 fonts (the default; needs nothing beyond Debian's
    /// texlive-latex-base, -latex-recommended and -fonts-recommended).
    #[default]
    PdfLatex,
    /// XeLaTeX with `fontspec`.
    XeLatex,
    /// LuaLaTeX with `fontspec`.
    LuaLatex,
}

impl Engine {
    /// Every engine, in the order `vita formats` lists them.
    pub const ALL: [Engine; 3] = [Engine::PdfLatex, Engine::XeLatex, Engine::LuaLatex];

    /// The engine's program name.
    pub fn program(self) -> &'static str {
        match self {
            Engine::PdfLatex => "pdflatex",
            Engine::XeLatex => "xelatex",
            Engine::LuaLatex => "lualatex",
        }
    }

    /// Parses a program name.
    pub fn parse(name: &str) -> Option<Engine> {
        Engine::ALL.into_iter().find(|e| e.program() == name)
    }
}

/// Unicode ranges that pdfLaTeX prints with the T1 and TS1 encodings (from
/// LaTeX's `t1enc.dfu` and `ts1enc.dfu`, plus `…` from `utf8enc.dfu`).
pub const PDFLATEX: &[(u32, u32)] = &[
    (0x00A0, 0x00B7),
    (0x00B9, 0x0125),
    (0x0128, 0x0137),
    (0x0139, 0x013E),
    (0x0141, 0x0148),
    (0x014A, 0x0165),
    (0x0168, 0x017E),
    (0x0192, 0x0192),
    (0x01C4, 0x01D4),
    (0x01E2, 0x01E3),
    (0x01E6, 0x01EB),
    (0x01F0, 0x01F0),
    (0x01F4, 0x01F5),
    (0x0218, 0x021B),
    (0x0232, 0x0233),
    (0x0237, 0x0237),
    (0x02C7, 0x02C7),
    (0x02D8, 0x02D9),
    (0x02DB, 0x02DB),
    (0x02DD, 0x02DD),
    (0x0E3F, 0x0E3F),
    (0x1E02, 0x1E03),
    (0x1E0D, 0x1E0D),
    (0x1E1E, 0x1E21),
    (0x1E25, 0x1E25),
    (0x1E30, 0x1E31),
    (0x1E37, 0x1E37),
    (0x1E43, 0x1E43),
    (0x1E45, 0x1E45),
    (0x1E47, 0x1E47),
    (0x1E5B, 0x1E5B),
    (0x1E63, 0x1E63),
    (0x1E6D, 0x1E6D),
    (0x1E8E, 0x1E91),
    (0x1E9E, 0x1E9E),
    (0x1EF2, 0x1EF3),
    (0x2010, 0x2016),
    (0x2018, 0x201A),
    (0x201C, 0x201E),
    (0x2020, 0x2022),
    (0x2026, 0x2026),
    (0x2030, 0x2031),
    (0x2039, 0x203B),
    (0x203D, 0x203D),
    (0x2044, 0x2044),
    (0x204E, 0x204E),
    (0x2052, 0x2052),
    (0x20A1, 0x20A1),
    (0x20A4, 0x20A4),
    (0x20A6, 0x20A6),
    (0x20A9, 0x20A9),
    (0x20AB, 0x20AC),
    (0x20B1, 0x20B1),
    (0x2103, 0x2103),
    (0x2116, 0x2117),
    (0x211E, 0x211E),
    (0x2120, 0x2120),
    (0x2122, 0x2122),
    (0x2126, 0x2127),
    (0x212E, 0x212E),
    (0x2190, 0x2193),
    (0x2329, 0x232A),
    (0x2422, 0x2423),
    (0x25E6, 0x25E6),
    (0x25EF, 0x25EF),
    (0x266A, 0x266A),
    (0x27E8, 0x27E9),
    (0x3008, 0x3009),
    (0xFB00, 0xFB06),
];

/// Greek letters and mathematical signs that pdfLaTeX prints as math.
fn math(c: char) -> Option<&'static str> {
    Some(match c {
        'α' => "\\alpha",
        'β' => "\\beta",
        'γ' => "\\gamma",
        'δ' => "\\delta",
        'ε' => "\\varepsilon",
        'ζ' => "\\zeta",
        'η' => "\\eta",
        'θ' => "\\theta",
        'ι' => "\\iota",
        'κ' => "\\kappa",
        'λ' => "\\lambda",
        'ν' => "\\nu",
        'ξ' => "\\xi",
        'ο' => "o",
        'π' => "\\pi",
        'ρ' => "\\rho",
        'ς' => "\\varsigma",
        'σ' => "\\sigma",
        'τ' => "\\tau",
        'υ' => "\\upsilon",
        'φ' => "\\varphi",
        'χ' => "\\chi",
        'ψ' => "\\psi",
        'ω' => "\\omega",
        'Γ' => "\\Gamma",
        'Δ' => "\\Delta",
        'Θ' => "\\Theta",
        'Λ' => "\\Lambda",
        'Ξ' => "\\Xi",
        'Π' => "\\Pi",
        'Σ' => "\\Sigma",
        'Υ' => "\\Upsilon",
        'Φ' => "\\Phi",
        'Ψ' => "\\Psi",
        'Ω' => "\\Omega",
        '−' => "-",
        '≤' => "\\leq",
        '≥' => "\\geq",
        '≠' => "\\neq",
        '≈' => "\\approx",
        '∞' => "\\infty",
        '∼' => "\\sim",
        '→' => "\\rightarrow",
        _ => return None,
    })
}

/// Greek capitals that look like Latin ones, and the Latin letter.
fn latin_twin(c: char) -> Option<char> {
    let pairs = [
        ('Α', 'A'),
        ('Β', 'B'),
        ('Ε', 'E'),
        ('Ζ', 'Z'),
        ('Η', 'H'),
        ('Ι', 'I'),
        ('Κ', 'K'),
        ('Μ', 'M'),
        ('Ν', 'N'),
        ('Ο', 'O'),
        ('Ρ', 'P'),
        ('Τ', 'T'),
        ('Υ', 'Y'),
        ('Χ', 'X'),
    ];
    pairs.iter().find(|(g, _)| *g == c).map(|(_, l)| *l)
}

/// Greek letters with accents or diaeresis, and their base letter.
fn greek_base(c: char) -> Option<char> {
    Some(match c {
        'ά' => 'α',
        'έ' => 'ε',
        'ή' => 'η',
        'ί' | 'ϊ' | 'ΐ' => 'ι',
        'ό' => 'ο',
        'ύ' | 'ϋ' | 'ΰ' => 'υ',
        'ώ' => 'ω',
        'Ά' => 'Α',
        'Έ' => 'Ε',
        'Ή' => 'Η',
        'Ί' | 'Ϊ' => 'Ι',
        'Ό' => 'Ο',
        'Ύ' | 'Ϋ' => 'Υ',
        'Ώ' => 'Ω',
        _ => return None,
    })
}

fn in_table(c: char) -> bool {
    let u = c as u32;
    PDFLATEX
        .binary_search_by(|&(lo, hi)| {
            if hi < u {
                std::cmp::Ordering::Less
            } else if lo > u {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// What pdfLaTeX prints for a character it cannot typeset, when there is
/// no such character: `None` when it can.
pub fn unsupported(c: char, engine: Engine) -> Option<String> {
    if engine != Engine::PdfLatex || c.is_ascii() || c == 'μ' || in_table(c) || math(c).is_some() || latin_twin(c).is_some() {
        return None;
    }
    match greek_base(c) {
        Some(b) => Some(b.to_string()),
        None => Some("?".into()),
    }
}

/// Escapes text for LaTeX, for an engine.
pub fn escape(text: &str, engine: Engine) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' => out.push_str("\\{"),
            '}' => out.push_str("\\}"),
            '#' => out.push_str("\\#"),
            '$' => out.push_str("\\$"),
            '%' => out.push_str("\\%"),
            '&' => out.push_str("\\&"),
            '_' => out.push_str("\\_"),
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '"' => out.push_str("\\textquotedbl{}"),
            '\'' => out.push_str("\\textquotesingle{}"),
            '`' => out.push_str("\\textasciigrave{}"),
            '<' => out.push_str("\\textless{}"),
            '>' => out.push_str("\\textgreater{}"),
            '|' => out.push_str("\\textbar{}"),
            '[' => out.push_str("{[}"),
            ']' => out.push_str("{]}"),
            '-' if next == Some('-') => out.push_str("-{}"),
            ',' if next == Some(',') => out.push_str(",{}"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_ascii() => out.push(c),
            c if engine != Engine::PdfLatex => out.push(c),
            'μ' | 'µ' => out.push_str("\\textmu{}"),
            c if in_table(c) => out.push(c),
            c => {
                if let Some(m) = math(c) {
                    out.push_str("\\ensuremath{");
                    out.push_str(m);
                    out.push('}');
                } else if let Some(l) = latin_twin(c) {
                    out.push(l);
                } else if let Some(b) = greek_base(c) {
                    out.push_str(&escape(&b.to_string(), engine));
                } else {
                    out.push('?');
                }
            }
        }
    }
    out
}

/// Escapes an address for the first argument of `\href`: the address is
/// percent-encoded already, so only `#` and `%` need a backslash.
pub fn escape_url(url: &str) -> String {
    url.replace('%', "\\%").replace('#', "\\#")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_characters_are_text() {
        assert_eq!(
            escape(r"\input{x} 100% $5 #1 a_b ~c ^d & [o] --x ,,y", Engine::PdfLatex),
            r"\textbackslash{}input\{x\} 100\% \$5 \#1 a\_b \textasciitilde{}c \textasciicircum{}d \& {[}o{]} -{}-x ,{},y"
        );
        assert_eq!(
            escape(r#""q" 'q' `q` <<x>> a|b"#, Engine::LuaLatex),
            r"\textquotedbl{}q\textquotedbl{} \textquotesingle{}q\textquotesingle{} \textasciigrave{}q\textasciigrave{} \textless{}\textless{}x\textgreater{}\textgreater{} a\textbar{}b"
        );
    }

    #[test]
    fn unicode_for_pdflatex() {
        assert_eq!(
            escape("μs-scale Zoë – “x” Αθήνα 中", Engine::PdfLatex),
            "\\textmu{}s-scale Zoë – “x” A\\ensuremath{\\theta}\\ensuremath{\\eta}\\ensuremath{\\nu}\\ensuremath{\\alpha} ?"
        );
        assert_eq!(unsupported('ή', Engine::PdfLatex).as_deref(), Some("η"));
        assert_eq!(unsupported('中', Engine::PdfLatex).as_deref(), Some("?"));
        assert_eq!(unsupported('中', Engine::LuaLatex), None);
        assert_eq!(unsupported('ő', Engine::PdfLatex), None);
        assert_eq!(escape("中", Engine::XeLatex), "中");
    }
}
