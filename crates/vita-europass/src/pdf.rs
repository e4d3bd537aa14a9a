//! The files a PDF carries, found without parsing the PDF as a document:
//! every stream is located by its `stream` ... `endstream` keywords, and
//! its bytes are inflated (at most [`PDF_STREAM_BYTES`] each and
//! [`PDF_TOTAL_BYTES`] for the whole file) when it is uncompressed or
//! compressed with `FlateDecode` alone and no predictor. Nothing is
//! followed, so no nesting in the file can grow the stack, and no number in
//! it decides how much is allocated (a `/Length`, a predictor's columns):
//! the bytes themselves do. An embedded file (the Europass editor attaches
//! its XML as `attachment.xml`, others under other names) is such a
//! stream; streams in other encodings (images, fonts, predictor-coded
//! cross-reference streams) are passed over.
//!
//! A PDF reader would also give names and relationships; an import needs
//! only the XML, told by its content.

// Text is cut only at character boundaries (checked methods): a reader
// never panics on the bytes of a file.
#![deny(clippy::string_slice)]

use std::io::Read;

use vita_model::budget::{PDF_STREAMS, PDF_STREAM_BYTES, PDF_TOTAL_BYTES};

/// Why a PDF's streams could not all be read.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// The streams inflate to more than the budget.
    TooLarge(usize),
    /// More streams than [`PDF_STREAMS`].
    TooMany,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::TooLarge(n) => write!(f, "its compressed streams inflate past {n} bytes, over vita's limit"),
            Refused::TooMany => write!(f, "it has more than {PDF_STREAMS} streams, over vita's limit"),
        }
    }
}

/// Calls `take` with the bytes of each stream vita can read, in file
/// order, until it returns `Some`.
pub fn find_stream<T>(pdf: &[u8], mut take: impl FnMut(&[u8]) -> Option<T>) -> Result<Option<T>, Refused> {
    let mut at = 0;
    let mut total = 0usize;
    let mut streams = 0usize;
    let mut dict_from = 0;
    while let Some(i) = find(pdf, b"stream", at) {
        let start = i + b"stream".len();
        // `endstream` contains `stream`; and the keyword stands after a dictionary.
        let keyword = !pdf[..i].ends_with(b"end") && before_keyword(&pdf[..i]).ends_with(b">>");
        if !keyword {
            at = start;
            continue;
        }
        let data_start = match pdf.get(start..start + 2) {
            Some([b'\r', b'\n']) => start + 2,
            Some([b'\n', _]) | Some([b'\r', _]) => start + 1,
            _ => {
                at = start;
                continue;
            }
        };
        let Some(end) = find(pdf, b"endstream", data_start) else { break };
        streams += 1;
        if streams > PDF_STREAMS {
            return Err(Refused::TooMany);
        }
        let dict = dictionary(&pdf[dict_from + object_start(&pdf[dict_from..i])..i]);
        let raw = trim_eol(&pdf[data_start..end]);
        at = end + b"endstream".len();
        dict_from = at;
        let Some(how) = encoding(dict) else { continue };
        let data = match how {
            Encoding::Plain => raw.to_vec(),
            Encoding::Flate => {
                let budget = PDF_STREAM_BYTES.min(PDF_TOTAL_BYTES - total);
                let mut out = Vec::new();
                let read = flate2::read::ZlibDecoder::new(raw).take(budget as u64 + 1).read_to_end(&mut out);
                if out.len() > budget {
                    return Err(Refused::TooLarge(if budget == PDF_STREAM_BYTES { PDF_STREAM_BYTES } else { PDF_TOTAL_BYTES }));
                }
                // A stream cut short still gives what it holds.
                if read.is_err() && out.is_empty() {
                    continue;
                }
                out
            }
        };
        total += data.len();
        if let Some(found) = take(&data) {
            return Ok(Some(found));
        }
    }
    Ok(None)
}

/// How a stream's bytes are encoded, when vita reads it.
enum Encoding {
    Plain,
    Flate,
}

/// The encoding a stream dictionary names: none, or `FlateDecode` alone
/// without a predictor; `None` for anything else.
fn encoding(dict: &[u8]) -> Option<Encoding> {
    let filters: Vec<&[u8]> = names(dict).filter(|n| FILTERS.contains(n)).collect();
    let predictor = find(dict, b"/Predictor", 0).is_some_and(|i| {
        let rest = &dict[i + b"/Predictor".len()..];
        let digits: Vec<u8> = rest.iter().copied().skip_while(u8::is_ascii_whitespace).take_while(u8::is_ascii_digit).collect();
        digits != b"1"
    });
    match filters[..] {
        [] if find(dict, b"/Filter", 0).is_none() => Some(Encoding::Plain),
        [b"FlateDecode" | b"Fl"] if !predictor => Some(Encoding::Flate),
        _ => None,
    }
}

/// The filter names of PDF (and their abbreviations).
const FILTERS: &[&[u8]] = &[
    b"FlateDecode",
    b"Fl",
    b"ASCIIHexDecode",
    b"AHx",
    b"ASCII85Decode",
    b"A85",
    b"LZWDecode",
    b"LZW",
    b"RunLengthDecode",
    b"RL",
    b"CCITTFaxDecode",
    b"CCF",
    b"DCTDecode",
    b"DCT",
    b"JBIG2Decode",
    b"JPXDecode",
    b"Crypt",
];

/// The `/Name`s of a dictionary's text.
fn names(dict: &[u8]) -> impl Iterator<Item = &[u8]> {
    dict.split(|b| *b == b'/').skip(1).map(|n| {
        let end = n.iter().position(|b| b.is_ascii_whitespace() || b"/[]<>()".contains(b)).unwrap_or(n.len());
        &n[..end]
    })
}

/// Where the object holding a stream starts: after the last `obj` keyword.
fn object_start(before: &[u8]) -> usize {
    rfind(before, b"obj").map_or(0, |i| i + 3)
}

/// The dictionary text before a `stream` keyword: from its first `<<`.
fn dictionary(text: &[u8]) -> &[u8] {
    find(text, b"<<", 0).map_or(text, |i| &text[i..])
}

/// The bytes before a keyword, without the white space that separates it.
fn before_keyword(text: &[u8]) -> &[u8] {
    let end = text.iter().rposition(|b| !b.is_ascii_whitespace()).map_or(0, |i| i + 1);
    &text[..end]
}

/// A stream's data without the end-of-line before `endstream`.
fn trim_eol(data: &[u8]) -> &[u8] {
    let data = data.strip_suffix(b"\n").unwrap_or(data);
    data.strip_suffix(b"\r").unwrap_or(data)
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|i| i + from)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn deflate(bytes: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    fn pdf(objects: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n".to_vec();
        for (i, (dict, data)) in objects.iter().enumerate() {
            out.extend(format!("{} 0 obj\n{dict}\nstream\n", i + 1).as_bytes());
            out.extend(data);
            out.extend(b"\nendstream\nendobj\n");
        }
        out.extend(b"trailer\n<< /Root 1 0 R >>\n%%EOF\n");
        out
    }

    fn texts(p: &[u8]) -> Result<Vec<String>, Refused> {
        let mut seen = Vec::new();
        find_stream(p, |d| {
            seen.push(String::from_utf8_lossy(d).into_owned());
            None::<()>
        })?;
        Ok(seen)
    }

    #[test]
    fn plain_and_flate_streams_are_read_others_passed_over() {
        let p = pdf(&[
            ("<< /Type /EmbeddedFile /Length 5 >>", b"plain".to_vec()),
            ("<< /Type /EmbeddedFile /Filter /FlateDecode /Length 99 >>", deflate(b"inflated")),
            ("<< /Filter [/FlateDecode] /DecodeParms << /Predictor 12 /Columns 5 >> >>", deflate(b"predicted")),
            ("<< /Filter /DCTDecode >>", b"jpeg".to_vec()),
            ("<< /Filter [/ASCIIHexDecode /FlateDecode] >>", b"hex".to_vec()),
        ]);
        assert_eq!(texts(&p), Ok(vec!["plain".to_string(), "inflated".to_string()]));
    }

    #[test]
    fn what_inflates_past_the_budget_is_refused() {
        // 2 KB of PDF that would inflate to 17 MiB.
        let bomb = deflate(&vec![b'x'; PDF_STREAM_BYTES + 1]);
        assert!(bomb.len() < 40 * 1024);
        let p = pdf(&[("<< /Filter /FlateDecode >>", bomb)]);
        assert_eq!(texts(&p), Err(Refused::TooLarge(PDF_STREAM_BYTES)));
        // At the limit, read.
        let p = pdf(&[("<< /Filter /FlateDecode >>", deflate(&vec![b'x'; PDF_STREAM_BYTES]))]);
        assert_eq!(texts(&p).map(|t| t[0].len()), Ok(PDF_STREAM_BYTES));
        // Together past the total.
        let part = deflate(&vec![b'y'; PDF_STREAM_BYTES]);
        let objects: Vec<(&str, Vec<u8>)> = (0..5).map(|_| ("<< /Filter /Fl >>", part.clone())).collect();
        assert_eq!(texts(&pdf(&objects)), Err(Refused::TooLarge(PDF_TOTAL_BYTES)));
    }

    #[test]
    fn nesting_and_lengths_decide_nothing() {
        // Arrays nested a million deep, and a length of 2^60.
        let mut deep = b"%PDF-1.7\n1 0 obj\n".to_vec();
        deep.extend(std::iter::repeat_n(b'[', 1_000_000));
        deep.extend(b"\nendobj\n2 0 obj\n<< /Length 1152921504606846976 >>\nstream\nok\nendstream\nendobj\n");
        assert_eq!(texts(&deep), Ok(vec!["ok".to_string()]));
        // Cut files and bare keywords.
        for cut in [&b"stream"[..], b"<< >>stream", b"<< >>stream\n", b"<< >>\nstream\r\nabc", b"endstream stream endstream"] {
            assert_eq!(texts(cut).map(|t| t.len()), Ok(0), "{}", String::from_utf8_lossy(cut));
        }
    }
}
