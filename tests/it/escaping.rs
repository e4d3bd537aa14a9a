//! Hostile strings come out as text in every format.

use crate::common::*;

fn build(format: &str) -> String {
    let out = vita(&["build", "examples/hostile.ron", "--format", format, "--width", "1000", "-o", "-"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn html_never_carries_source_markup() {
    let html = build("html");
    // The only script element is the JSON-LD block.
    assert_eq!(html.matches("<script").count(), 1, "{html}");
    assert!(!html.contains("onmouseover=\""));
    assert!(!html.contains("onfocus='"));
    assert!(html.contains(
        "Zoë &lt;script&gt;alert(1)&lt;/script&gt; O&#39;Brien &amp; &quot;Co&quot; {x} 100% $5 #1 a_b ~c ^d \\input{/etc/passwd}"
    ));
    assert!(html.contains("&quot; onmouseover=&quot;x"));
    assert!(html.contains("&lt;b&gt;raw html&lt;/b&gt;"));
    assert!(html.contains("&lt;/li&gt;&lt;/ul&gt;&lt;script&gt;x&lt;/script&gt;"));
    // The JSON-LD cannot be closed from inside a string.
    let ld = html.split("application/ld+json\">").nth(1).unwrap().split("</script>").next().unwrap();
    assert!(!ld.contains('<'));
}

#[test]
fn text_keeps_every_character() {
    let txt = build("text");
    assert!(txt.contains("<script>alert(1)</script> O'Brien & \"Co\" {x} 100% $5 #1 a_b ~c ^d \\input{/etc/passwd}"));
    // Markdown's own escapes and entities are decoded in rich text; the rest stays.
    assert!(txt.contains("]]> <![CDATA[ & < \\ backslash \\ {braces} %comment"), "{txt}");
    assert!(txt.contains("\\input{x} \\write18{y} \\def\\z{}"));
}

#[test]
fn latex_prints_commands_as_text() {
    let tex = build("latex");
    // No command from the CV reaches TeX: every backslash in it is printed.
    for command in ["\\input{", "\\write18", "\\def\\", "\\emph{no}"] {
        assert!(!tex.contains(command), "{command} reached the LaTeX source");
    }
    assert!(tex.contains(
        "Zoë \\textless{}script\\textgreater{}alert(1)\\textless{}/script\\textgreater{} O\\textquotesingle{}Brien \\& \\textquotedbl{}Co\\textquotedbl{} \\{x\\} 100\\% \\$5 \\#1 a\\_b \\textasciitilde{}c \\textasciicircum{}d \\textbackslash{}input\\{/etc/passwd\\}"
    ));
    assert!(tex.contains("\\textbackslash{}write18\\{rm -rf /\\} \\textbackslash{}def\\textbackslash{}x\\{y\\}"));
    // Addresses keep their characters inside \href, with # and % escaped.
    assert!(tex.contains("\\href{https://example.org/?a=1&b=\\%3C2\\%3E}{example.org/?a=1\\&b=\\textless{}2\\textgreater{}}"), "{tex}");
}
