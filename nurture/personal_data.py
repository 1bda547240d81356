"""What other apps keep about a lead, for the export and the erasure a person may ask for (PIPA §35,
§36): an app that stores something tied to a lead registers here in its ``AppConfig.ready()``, so
nurture's export and erase cover it without nurture importing that app.

``export(lead) -> dict | list`` goes into the export under the app's name; ``erase(lead)`` runs inside
the erasure's transaction and leaves nothing that names the person (counts may stay)."""

from __future__ import annotations

from collections.abc import Callable

_holders: dict[str, tuple[Callable, Callable]] = {}


def register_personal_data(name: str, *, export: Callable[[object], object], erase: Callable[[object], None]) -> None:
    _holders[name] = (export, erase)


def exported(lead) -> dict:
    return {name: export(lead) for name, (export, _erase) in sorted(_holders.items())}


def erase_everywhere(lead) -> None:
    for _export, erase in _holders.values():
        erase(lead)
