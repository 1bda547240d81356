"""What the admin and the site show in Korean is what the catalogue says: the compiled catalogue (.mo,
what Django reads) carries every translated entry of the source (.po). A .po that msgfmt cannot read
once left the .mo behind, and a whole dashboard showed its labels in English."""

from __future__ import annotations

import gettext
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "cms" / "locale"


@pytest.mark.parametrize("language", ["ko"])
def test_the_compiled_catalogue_has_every_translation_of_the_source(language):
    folder = LOCALE / language / "LC_MESSAGES"
    source = polib.pofile(str(folder / "django.po"))
    with open(folder / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in source.translated_entries():
        if entry.msgid_plural:
            shown = compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 1) if entry.msgctxt else \
                compiled.ngettext(entry.msgid, entry.msgid_plural, 1)
            wanted = entry.msgstr_plural[0]
        else:
            shown = compiled.pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt else compiled.gettext(entry.msgid)
            wanted = entry.msgstr
        if shown != wanted:
            stale.append(entry.msgid)
    assert not stale, f"{len(stale)} entries not compiled (run `make messages`): {stale[:5]}"
