#!/usr/bin/env python3
"""Writes a RenderCV 2.8 input (JSON, which YAML reads) from vita's JSON
Resume output, whose meta.vita.cv carries the whole vita CV: the same
content for `scripts/compare` to give RenderCV. Sections RenderCV has an
entry type for are mapped to it; the others become text lines."""
import json
import sys


def date(d):
    return None if d in (None, "") else ("present" if d == "present" else str(d))


def authors(a):
    return [x if isinstance(x, str) else x["name"] for x in a]


def section(kind, s):
    out = []
    for e in s.get("entries", []):
        if kind == "Positions":
            out.append({"company": e["org"], "position": e.get("title") or e.get("unit") or "", "location": e.get("location"),
                        "start_date": date(e.get("start")), "end_date": date(e.get("end")),
                        "highlights": [h for h in [e.get("description")] + e.get("highlights", []) if h]})
        elif kind == "Education":
            out.append({"institution": e["institution"], "area": e.get("field") or "", "degree": e.get("degree"),
                        "location": e.get("location"), "start_date": date(e.get("start")), "end_date": date(e.get("end")),
                        "highlights": [f"Advisor: {e['advisor']}"] if e.get("advisor") else []})
        elif kind == "Publications":
            v = e.get("venue") or {}
            out.append({"title": e["title"], "authors": authors(e.get("authors", [])), "date": date(e.get("date")),
                        "journal": " ".join(x for x in [v.get("edition"), v.get("name")] if x) or None,
                        "doi": (e.get("links") or {}).get("doi")})
        else:
            text = e.get("name") or e.get("role") or e.get("course") or e.get("title") or ""
            extra = e.get("org") or e.get("by") or e.get("institution") or ""
            when = e.get("date") or e.get("start") or e.get("term") or ""
            out.append(", ".join(str(x) for x in [text, extra, when] if x))
    return out


def main():
    resume = json.load(open(sys.argv[1], encoding="utf-8"))
    cv = resume["meta"]["vita"]["cv"]
    p = cv["person"]
    sections = {}
    for s in cv["sections"]:
        (kind, body), = s.items()
        inner = [(kind, body)] if kind != "Group" else [tuple(x.items())[0] for x in body["sections"]]
        for k, b in inner:
            if k == "Research":
                sections[b["title"]] = [", ".join(b.get("areas", []))] + ([b["vision"]] if b.get("vision") else [])
            elif k != "Text":
                items = section(k, b)
                if items:
                    sections[b["title"]] = items
    out = {"cv": {"name": p["name"], "email": p.get("email"), "website": p.get("website"), "sections": sections},
           "design": {"theme": "classic"}}
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)


main()
