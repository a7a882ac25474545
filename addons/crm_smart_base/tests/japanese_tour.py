"""Browser tours walked by Japanese users that fail on any English term of Smart CRM's own.

The terms are the source strings Smart CRM translates in its ``i18n/ja.po`` files,
less every string core Odoo also uses (those show in English when the Odoo source
has no Japanese, and are not ours to judge). ``static/tests/smart_english_watch.js``
watches each page of the tour and fails it when one of them shows.
"""
import functools
import json
import re

import polib

from odoo.modules.module import get_module_path
from odoo.tests import HttpCase

SMART_PREFIXES = ("crm_smart", "crm_valuecard", "crm_survey")
# placeholders of Python and JavaScript messages, and markup inside HTML terms
_SPLIT = re.compile(r"%\(\w+\)[sdf]|%[sdf]|\{\w*\}|<[^>]*>")
_LETTERS = re.compile(r"[A-Za-z]{2}")


def _normalise(text):
    return re.sub(r"\s+", " ", text).strip().rstrip(":：").strip()


def _is_ours(module):
    return module.startswith(SMART_PREFIXES)


def _po_terms(path, translated_only):
    try:
        catalog = polib.pofile(path)
    except OSError:
        return set()
    return {_normalise(entry.msgid) for entry in catalog
            if not entry.obsolete and entry.msgid
            and (not translated_only or (entry.msgstr and entry.msgstr != entry.msgid))}


@functools.cache
def _terms_of(modules):
    ours, core = set(), set()
    for module in modules:
        path = get_module_path(module)
        if not path:
            continue
        if _is_ours(module):
            ours |= _po_terms(f"{path}/i18n/ja.po", translated_only=True)
        else:
            core |= _po_terms(f"{path}/i18n/{module}.pot", translated_only=False)
    exact, phrases = set(), set()
    for term in ours - core:
        chunks = [_normalise(chunk) for chunk in _SPLIT.split(term)]
        chunks = [chunk for chunk in chunks if _LETTERS.search(chunk)]
        if len(chunks) == 1 and chunks[0] == term:
            exact.add(term)
            if len(term) >= 12 and term.count(" ") >= 2:
                phrases.add(term)
        else:
            phrases.update(chunk for chunk in chunks
                           if len(chunk) >= 10 and chunk.count(" ") >= 1 and chunk not in core)
    return {"exact": sorted(exact), "phrases": sorted(phrases)}


def smart_english_terms(env):
    """``{"exact": [...], "phrases": [...]}``: the English of the installed Smart CRM
    addons that a Japanese user must never see (see the module docstring)."""
    modules = env["ir.module.module"].search([("state", "=", "installed")]).mapped("name")
    return _terms_of(tuple(sorted(modules)))


class JapaneseTourCase(HttpCase):
    """Japanese active with Smart CRM's translations loaded; tours started with
    :meth:`start_japanese_tour` fail on any English term of Smart CRM's own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ja_JP")
        modules = cls.env["ir.module.module"].search([("state", "=", "installed")])
        modules.filtered(lambda module: _is_ours(module.name))._update_translations("ja_JP", overwrite=True)

    def start_japanese_tour(self, url_path, tour_name, login, **kwargs):
        user = self.env["res.users"].search([("login", "=", login)])
        self.assertEqual(user.lang, "ja_JP", "a Japanese tour is walked by a Japanese user")
        options = {"stepDelay": 0, "keepWatchBrowser": False, "debug": False, "startUrl": url_path,
                   "delayToCheckUndeterminisms": 0}
        terms = json.dumps(smart_english_terms(self.env))
        code = f"window.smartCrmWatchEnglish({terms}); odoo.startTour({tour_name!r}, {json.dumps(options)})"
        self.start_tour(url_path, tour_name, login=login, code=code, **kwargs)
