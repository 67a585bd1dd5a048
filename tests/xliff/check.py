#!/usr/bin/env python3
"""Reads the XLIFF 2.0 and PO files `handbill translations export` wrote
with parsers that are not handbill's own, and prints what each found as
JSON, for tests/handbill/translations.rs to compare with handbill's catalog.

- XLIFF 2.0: translate-toolkit's xliff2 storage class (the library Weblate
  reads XLIFF with) for the languages, sources and targets; lxml for the
  attributes it does not expose (each unit's `name` and the Size and
  Length Restriction module's `slr:sizeRestriction`).
- PO: polib, and translate-toolkit's po storage class; the length limit
  from Weblate's `max-length:N` flag; and GNU gettext's own
  `msgfmt --check` (Debian's gettext package, in the image).

Usage: check.py FILE.xliff FILE.po. Exits non-zero, with the parser's
error, when either file does not parse. Needs `pip install polib==1.2.0
translate-toolkit==3.20.4` (.ci/run installs them).
"""

import json
import shutil
import subprocess
import sys

import polib
from lxml import etree
from translate.storage import po as tt_po
from translate.storage import xliff2

NS = "urn:oasis:names:tc:xliff:document:2.0"
SLR = "urn:oasis:names:tc:xliff:sizerestriction:2.0"


def max_length(flags):
    for flag in flags:
        if flag.startswith("max-length:"):
            return int(flag.split(":", 1)[1])
    return None


def xliff(path):
    store = xliff2.Xliff2File.parsefile(path)
    units = [u for u in store.units if not u.isheader()]
    # lxml refuses entities it is not told to resolve, as handbill does.
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    tree = etree.parse(path, parser)
    elements = tree.getroot().findall(f".//{{{NS}}}unit")
    if len(elements) != len(units):
        sys.exit(f"translate-toolkit read {len(units)} units, lxml {len(elements)}")
    found = []
    for unit, element in zip(units, elements):
        size = element.get(f"{{{SLR}}}sizeRestriction")
        found.append({
            "id": unit.getid(),
            "name": element.get("name"),
            "source": unit.source,
            "target": unit.target or None,
            "max_length": int(size) if size is not None else None,
        })
    return {
        "source_language": store.getsourcelanguage(),
        "target_language": store.gettargetlanguage(),
        "units": found,
    }


def with_polib(path):
    catalog = polib.pofile(path)
    units = [{
        "id": e.msgctxt,
        "source": e.msgid,
        "target": e.msgstr or None,
        "max_length": max_length(e.flags),
    } for e in catalog if not e.obsolete]
    return {"language": catalog.metadata.get("Language"), "units": units}


def with_translate_toolkit(path):
    store = tt_po.pofile.parsefile(path)
    units = []
    for u in store.units:
        if u.isheader():
            continue
        flags = [f.strip() for line in u.typecomments for f in line.lstrip("#,").split(",")]
        units.append({
            "id": u.getcontext(),
            "source": u.source,
            "target": u.target or None,
            "max_length": max_length(flags),
        })
    return {"language": store.gettargetlanguage(), "units": units}


def msgfmt(path):
    if shutil.which("msgfmt") is None:
        sys.exit("msgfmt is missing: apt-get install gettext")
    run = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", path],
                         capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"msgfmt --check refuses {path}:\n{run.stderr}")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    xliff_path, po_path = sys.argv[1], sys.argv[2]
    msgfmt(po_path)
    print(json.dumps({
        "xliff": xliff(xliff_path),
        "polib": with_polib(po_path),
        "translate-toolkit": with_translate_toolkit(po_path),
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
