"""SKUs made from item names, for a list without item codes (a formulary of names).

Every item needs a SKU, but many offices' lists have none. When the user asks
for it, each name becomes a code a person can read and type ("Ace bandage 4 in"
→ ACE-BANDAGE-4-IN): upper case, words joined by dashes, at most 24 characters.
The same name (in any case or spacing) always gets the same SKU, so the rows of
one item's lots stay one item and importing the list again updates what the
first import created; two different names that would make the same code get
-2, -3… , and so does a name whose code an existing item of another name holds.
The preview shows every SKU made; mapping a column as the SKU replaces them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

MAX_LENGTH = 24
_NOT_WORD = re.compile(r"[\W_]+")


def name_key(name: str) -> str:
    return " ".join(name.casefold().split())


def sku_from_name(name: str, limit: int = MAX_LENGTH) -> str:
    """ "Ace bandage, 4 in." → "ACE-BANDAGE-4-IN"; cut at a dash when it would be longer."""
    code = _NOT_WORD.sub("-", name.upper()).strip("-")
    if len(code) > limit:
        cut = code[:limit]
        code = cut.rsplit("-", 1)[0] if "-" in cut[limit // 2 :] else cut
    return code.strip("-") or "ITEM"


class SkuMaker:
    """Unique SKUs for the names of one file, kept clear of existing items of other names."""

    def __init__(self, existing: Mapping[str, str] | None = None) -> None:
        self.existing = existing or {}  # lower-cased SKU → the name of the item that has it
        self.by_name: dict[str, str] = {}
        self.taken: set[str] = set()

    def sku(self, name: str) -> str:
        key = name_key(name)
        found = self.by_name.get(key)
        if found is not None:
            return found
        base = sku_from_name(name)
        candidate, number = base, 1
        while candidate.lower() in self.taken or self._held_by_another(candidate, key):
            number += 1
            suffix = f"-{number}"
            candidate = base[: MAX_LENGTH - len(suffix)].rstrip("-") + suffix
        self.by_name[key] = candidate
        self.taken.add(candidate.lower())
        return candidate

    def _held_by_another(self, candidate: str, key: str) -> bool:
        holder = self.existing.get(candidate.lower())
        return holder is not None and name_key(holder) != key
