"""Reads two BibTeX files with pybtex (an independent parser) and compares
them entry by entry: entry type, every field, and every person's name parts,
after decoding LaTeX (latexcodec, pybtex's own dependency) so that `{\\"u}`
and `ü` compare equal. Prints one line per difference; exit 1 if any.

Usage: python3 bibfields.py ORIGINAL.bib WRITTEN.bib
       python3 bibfields.py --dump FILE.bib   (every entry's fields and
       authors as text, as JSON: what a consumer of the file reads)
"""
import codecs
import json
import re
import sys

import latexcodec  # noqa: F401  (registers the "ulatex" codec)
from pybtex.database import parse_file


def norm(text):
    text = codecs.decode(text, "ulatex")
    text = text.replace("{", "").replace("}", "")
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def text(value):
    """A field as a reader of the file sees it: LaTeX decoded, grouping braces gone."""
    value = value.replace("\\{", "\ue001").replace("\\}", "\ue002")
    # Two standard LaTeX escapes latexcodec 3 leaves as they are.
    value = value.replace("\\$", "\ue003").replace("\\textasciicircum{}", "^")
    value = codecs.decode(value, "ulatex").replace("{", "").replace("}", "")
    return value.replace("\ue001", "{").replace("\ue002", "}").replace("\ue003", "$").replace("\u00a0", " ")


def full_name(p):
    parts = [text(" ".join(x)) for x in (p.first_names + p.middle_names, p.prelast_names, p.last_names)]
    name = " ".join(x for x in parts if x)
    lineage = text(" ".join(p.lineage_names))
    return f"{name}, {lineage}" if lineage else name


def dump(path):
    entries = parse_file(path, "bibtex").entries
    out = {}
    for key, e in entries.items():
        fields = {f: text(v) for f, v in e.fields.items()}
        fields["type"] = e.type.lower()
        fields["author"] = [full_name(p) for p in e.persons.get("author", [])]
        out[key] = fields
    print(json.dumps(out, ensure_ascii=False, indent=1, sort_keys=True))
    return 0


def person(p):
    return tuple(norm(" ".join(part)) for part in
                 (p.first_names + p.middle_names, p.prelast_names, p.last_names, p.lineage_names))


def main(original, written):
    a = parse_file(original, "bibtex").entries
    b = parse_file(written, "bibtex").entries
    problems = []
    for key, entry in a.items():
        if key not in b:
            problems.append(f"{key}: missing from {written}")
            continue
        other = b[key]
        if entry.type.lower() != other.type.lower():
            problems.append(f"{key}: type {entry.type} became {other.type}")
        for field, value in entry.fields.items():
            got = other.fields.get(field)
            if got is None:
                problems.append(f"{key}: field {field} is missing")
            elif norm(value) != norm(got):
                problems.append(f"{key}: field {field}: {norm(value)!r} became {norm(got)!r}")
        for field in other.fields:
            if field not in entry.fields:
                problems.append(f"{key}: field {field} was added: {norm(other.fields[field])!r}")
        for role, people in entry.persons.items():
            mine = [person(p) for p in people]
            theirs = [person(p) for p in other.persons.get(role, [])]
            if mine != theirs:
                problems.append(f"{key}: {role} {mine} became {theirs}")
    for key in b:
        if key not in a:
            problems.append(f"{key}: not in {original}")
    for p in problems:
        print(p)
    print(f"{len(a)} entries compared, {len(problems)} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    if sys.argv[1] == "--dump":
        sys.exit(dump(sys.argv[2]))
    sys.exit(main(sys.argv[1], sys.argv[2]))
