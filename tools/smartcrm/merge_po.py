"""Merge an addon's exported .pot into its ja.po: python merge_po.py <addon.pot> <ja.po>.

Run by ./smartcrm i18n with the Python of the virtual environment, which has
polib. Translations already in ja.po are kept, new terms are left empty,
except Japanese demo data, which is its own translation.
"""
import re
import sys

import polib


def japanese(text):
    # Japanese demo data, with no English words that would need translating
    return (any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in text)
            and not re.search("[A-Za-z]{3}", text))


def merge(pot_path, po_path):
    pot = polib.pofile(pot_path)
    try:
        old = {e.msgid: e for e in polib.pofile(po_path) if not e.obsolete}
    except OSError:
        old = {}
    po = polib.POFile(wrapwidth=78)
    po.metadata = dict(pot.metadata, Language="ja", **{"Plural-Forms": "nplurals=1; plural=0;"})
    for entry in pot:
        entry.msgstr = old[entry.msgid].msgstr if entry.msgid in old else ""
        if not entry.msgstr and japanese(entry.msgid):
            entry.msgstr = entry.msgid  # Japanese demo data is its own translation
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
        po.append(entry)
    po.save(po_path)
    print(sum(1 for e in po if not e.msgstr), "untranslated in", po_path)


if __name__ == "__main__":
    merge(*sys.argv[1:3])
