"""What python-docx (PyPI, the version .ci/run pins) reads in Word files:
for each file given, its paragraphs (style name and text), each run's
text, style and whether it prints bold (its own setting, else its
character style's), every hyperlink's address and text, the size of each
picture, and the core properties; printed as one JSON list."""

import json
import sys

import docx
from docx.text.hyperlink import Hyperlink
from docx.text.run import Run


def bold(run):
    if run.bold is not None:
        return run.bold
    style = run.style
    while style is not None:
        if style.font.bold is not None:
            return style.font.bold
        style = style.base_style
    return False


def read(path):
    d = docx.Document(path)
    paragraphs = []
    links = []
    for p in d.paragraphs:
        runs = []
        for item in p.iter_inner_content():
            if isinstance(item, Hyperlink):
                links.append({"address": item.address, "fragment": item.fragment, "text": item.text})
                inner = item.runs
            else:
                inner = [item]
            for r in inner:
                runs.append({"text": r.text, "style": r.style.name if r.style is not None else None, "bold": bold(r)})
        paragraphs.append({"style": p.style.name, "text": p.text, "runs": runs})
    core = d.core_properties
    return {
        "file": path,
        "paragraphs": paragraphs,
        "links": links,
        "tables": len(d.tables),
        "pictures": [[shape.width, shape.height] for shape in d.inline_shapes],
        "sections": len(d.sections),
        "header_text": "".join(p.text for s in d.sections for p in s.header.paragraphs),
        "footer_text": "".join(p.text for s in d.sections for p in s.footer.paragraphs),
        "core": {
            "title": core.title,
            "author": core.author,
            "keywords": core.keywords,
            "language": core.language,
            "created": core.created.isoformat() if core.created else None,
            "modified": core.modified.isoformat() if core.modified else None,
        },
    }


print(json.dumps([read(p) for p in sys.argv[1:]]))
