"""What a résumé parser reads in PDFs: openresume-parser (PyPI, the version
.ci/run pins), run on each file given, printed as one JSON list. Besides
its résumé (name, email, phone, work history), every education entry its
own entry reader finds: the résumé it returns keeps only the first."""

import json
import sys

from openresume import parse_resume_from_pdf
from openresume import parser as reader

found = []
for path in sys.argv[1:]:
    result = parse_resume_from_pdf(path)
    if not result.get("ok"):
        found.append({"file": path, "error": result.get("error")})
        continue
    resume = result["resume"]
    sections = reader._group_sections(reader._group_lines(reader._read_pdf(path)))
    education = reader._entries_education(reader._subsections(reader._section_lines(sections, ["education"])))
    found.append({
        "file": path,
        "name": resume["full_name"],
        "email": resume["email"],
        "phone": resume["phone"],
        "jobs": resume["experience"]["work_history"],
        "education": education,
        "columns": result["diagnostics"]["detectedColumns"],
    })
print(json.dumps(found))
