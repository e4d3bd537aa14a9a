//! Everything vita prints goes through here: control characters in user
//! data (a target name, a file name, a line of the CV) are shown escaped
//! (`\u{1b}`), never sent raw to a terminal, where they could move the
//! cursor, retitle the window or hide text.

use std::borrow::Cow;

/// The text with every control character but newline and tab (and the
/// bidirectional overrides that reorder what is shown) written as `\u{XX}`.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `eprintln!` with the text cleaned.
macro_rules! say {
    ($($arg:tt)*) => {
        eprintln!("{}", $crate::term::clean(&format!($($arg)*)))
    };
}

/// `println!` with the text cleaned.
macro_rules! out {
    ($($arg:tt)*) => {
        println!("{}", $crate::term::clean(&format!($($arg)*)))
    };
}

/// `eprint!` with the text cleaned.
macro_rules! say_raw {
    ($($arg:tt)*) => {
        eprint!("{}", $crate::term::clean(&format!($($arg)*)))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(clean("a\u{1b}]0;x\u{7}b\nc\td\u{202e}"), "a\\u{1b}]0;x\\u{7}b\nc\td\\u{202e}");
        assert!(matches!(clean("plain"), Cow::Borrowed(_)));
    }
}
