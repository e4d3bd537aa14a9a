//! Escaping for Typst: every string from the CV reaches `cv.typ` through
//! one of these two functions, so no value of the CV becomes Typst code.
//!
//! In markup, a backslash makes the next character literal (any character
//! but whitespace, and `u{` is never produced because `u` is not escaped).
//! Every character that starts markup is escaped wherever it appears:
//! code (`#`), strong and emphasis (`*`, `_`), raw (`` ` ``), math (`$`),
//! labels and references (`<`, `>`, `@`), content blocks (`[`, `]`), the
//! escape itself (`\`), non-breaking space (`~`), comments and term lists
//! (`/`, which also stops `https://` from becoming a link), headings (`=`),
//! list items, dashes and minus signs (`-`, `+`), smart quotes (`'`, `"`),
//! braces, and `;` (which ends an embedded expression). A `.` is escaped after a digit or another `.`, or before a
//! `.`, so neither `1.` (a numbered list at a line start) nor `...` (an
//! ellipsis) is read as markup while `Ph.D.` stays readable. Line breaks
//! become spaces: a value is one run of text.

/// Escapes plain text for Typst markup.
pub fn markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut prev: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '#' | '*' | '_' | '`' | '$' | '<' | '>' | '@' | '[' | ']' | '~' | '/' | '=' | '-' | '+' | '\'' | '"' | '{' | '}'
            | ';' => {
                out.push('\\');
                out.push(c);
            }
            '.' if prev.is_some_and(|p| p.is_ascii_digit() || p == '.') || chars.peek() == Some(&'.') => out.push_str("\\."),
            // Every character Typst ends a line at.
            '\n' | '\r' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.push(' '),
            // Other control characters are not text (validation refuses them in most fields).
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
        prev = Some(c);
    }
    out
}

/// A Typst string literal (with its quotes) holding `text` exactly.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(markup("a #b *c* _d_ `e` $f$"), r"a \#b \*c\* \_d\_ \`e\` \$f\$");
        assert_eq!(markup("<l> @r [x] \\ ~ // = - + 1. ..."), r"\<l\> \@r \[x\] \\ \~ \/\/ \= \- \+ 1\. \.\.\.");
        assert_eq!(markup("Ph.D. in 2020."), r"Ph.D. in 2020\.");
        assert_eq!(markup("\"q\" 'a' {b}; c:"), r#"\"q\" \'a\' \{b\}\; c:"#);
        assert_eq!(markup("one\ntwo\u{2028}three\u{85}four"), "one two three four");
    }

    #[test]
    fn strings_are_quoted() {
        assert_eq!(string(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(string("x\ny\u{7}"), r#""x\ny\u{7}""#);
    }
}
