// RON's colours for CodeMirror: comments (line, and nested block ones),
// strings (escaped, and raw `r#"..."#`, both across lines), numbers,
// `true`/`false`, `Some`/`None`, capitalised names (section kinds, enum
// values) and field names (a name before `:`).
import { StreamLanguage } from "@codemirror/language";

function token(stream, state) {
  if (state.comment > 0) {
    while (!stream.eol()) {
      if (stream.match("/*")) state.comment++;
      else if (stream.match("*/")) { if (--state.comment === 0) break; }
      else stream.next();
    }
    return "comment";
  }
  if (state.raw !== null) {
    const end = "\"" + "#".repeat(state.raw);
    while (!stream.eol()) {
      if (stream.match(end)) { state.raw = null; break; }
      stream.next();
    }
    return "string";
  }
  if (state.string) {
    while (!stream.eol()) {
      const c = stream.next();
      if (c === "\\") stream.next();
      else if (c === "\"") { state.string = false; break; }
    }
    return "string";
  }
  if (stream.eatSpace()) return null;
  if (stream.match("//")) { stream.skipToEnd(); return "comment"; }
  if (stream.match("/*")) { state.comment = 1; return token(stream, state) ?? "comment"; }
  const raw = stream.match(/^r(#*)"/);
  if (raw) { state.raw = raw[1].length; return token(stream, state) ?? "string"; }
  if (stream.eat("\"")) { state.string = true; return token(stream, state) ?? "string"; }
  if (stream.match(/^'(?:[^'\\]|\\.)+'/)) return "string";
  if (stream.match(/^[+-]?(?:0x[0-9a-fA-F_]+|0b[01_]+|0o[0-7_]+|[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][+-]?[0-9]+)?)/)) return "number";
  if (stream.match(/^(?:true|false)\b/)) return "bool";
  if (stream.match(/^(?:Some|None)\b/)) return "keyword";
  if (stream.match(/^[A-Z][A-Za-z0-9_]*/)) return "typeName";
  if (stream.match(/^[a-z_][A-Za-z0-9_]*(?=\s*:(?!:))/)) return "propertyName";
  if (stream.match(/^[a-z_][A-Za-z0-9_]*/)) return "variableName";
  stream.next();
  return "punctuation";
}

export const ron = StreamLanguage.define({
  name: "ron",
  startState: () => ({ comment: 0, raw: null, string: false }),
  copyState: (s) => ({ ...s }),
  token,
  languageData: {
    commentTokens: { line: "//", block: { open: "/*", close: "*/" } },
    closeBrackets: { brackets: ["(", "[", "{", "\""] },
  },
});
