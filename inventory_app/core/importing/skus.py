"""SKUs made from item names, for a list without item codes (a formulary of names).

Every item needs a SKU, but many offices' lists have none. When the user asks
for it, each name becomes a code a person can read and type ("Ace bandage 4 in"
→ ACE-BANDAGE-4-IN): upper case, words joined by dashes, at most 24 characters.
The same name (in any case or spacing) always gets the same SKU, so the rows of
one item's lots stay one item and importing the list again updates what the
first import created; two different names that would make the same code get
-2, -3… , and so does a name whose code an existing item of another name holds.
The preview shows every SKU made; mapping a column as the SKU replaces them.

The person can type another code for any of them (the wizard's SKU cell, or
`--sku "12=WRIST-S"`): the code typed for a row is the SKU of every row of that
name, no made code takes it, and it is refused (a row error) when another name
of the file was given the same code or an item of another name already has it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from inventory_app.db.codes import code_key
from inventory_app.errors import ImportFileError

MAX_LENGTH = 24
_NOT_WORD = re.compile(r"[\W_]+")
_CHOICE = re.compile(r"\s*(?:row\s*)?(\d+)\s*=(.*)", re.IGNORECASE)


def name_key(name: str) -> str:
    return " ".join(name.casefold().split())


def sku_from_name(name: str, limit: int = MAX_LENGTH) -> str:
    """ "Ace bandage, 4 in." → "ACE-BANDAGE-4-IN"; cut at a dash when it would be longer."""
    code = _NOT_WORD.sub("-", name.upper()).strip("-")
    if len(code) > limit:
        cut = code[:limit]
        code = cut.rsplit("-", 1)[0] if "-" in cut[limit // 2 :] else cut
    return code.strip("-") or "ITEM"


def parse_sku_choices(items: Sequence[str]) -> dict[int, str]:
    """`["12=WRIST-S", "Row 14=KNEE-L"]` as {row number: SKU} (the codes typed for made SKUs)."""
    choices: dict[int, str] = {}
    for item in items:
        found = _CHOICE.fullmatch(item)
        if found is None or not found.group(2).strip():
            raise ImportFileError(f"“{item}” is not a SKU for a row; write it as ROW=SKU, e.g. 12=WRIST-S.")
        choices[int(found.group(1))] = found.group(2).strip()
    return choices


class SkuMaker:
    """Unique SKUs for the names of one file, kept clear of existing items of other names.

    `chosen` holds the codes the person typed, by name (see `name_key`): those are used as
    they are, and the made codes of other names keep clear of them."""

    def __init__(
        self, existing: Mapping[str, str] | None = None, chosen: Mapping[str, str] | None = None
    ) -> None:
        self.existing = existing or {}  # SKU key (`codes.code_key`) → the name of the item that has it
        self.chosen = {name_key(name): code for name, code in (chosen or {}).items()}
        self.chosen_names = {name_key(name): name for name in chosen or {}}
        self.by_name: dict[str, str] = {}
        self.taken: set[str] = {code_key(code) for code in self.chosen.values()}

    def sku(self, name: str) -> str:
        key = name_key(name)
        found = self.by_name.get(key) or self.chosen.get(key)
        if found is not None:
            return found
        base = sku_from_name(name)
        candidate, number = base, 1
        while code_key(candidate) in self.taken or self._held_by_another(candidate, key):
            number += 1
            suffix = f"-{number}"
            candidate = base[: MAX_LENGTH - len(suffix)].rstrip("-") + suffix
        self.by_name[key] = candidate
        self.taken.add(code_key(candidate))
        return candidate

    def _held_by_another(self, candidate: str, key: str) -> bool:
        holder = self.existing.get(code_key(candidate))
        return holder is not None and name_key(holder) != key

    def problem(self, name: str) -> str | None:
        """Why the code typed for `name` cannot be its SKU (None when it can, or none was typed)."""
        key = name_key(name)
        code = self.chosen.get(key)
        if code is None:
            return None
        twice = next((k for k, c in self.chosen.items() if k != key and code_key(c) == code_key(code)), None)
        if twice is not None:
            other = self.chosen_names[twice]
            return (
                f"SKU {code} is typed for two items of the file (“{name}” and “{other}”); give each its own."
            )
        if self._held_by_another(code, key):
            holder = self.existing[code_key(code)]
            return f"SKU {code} is already used by “{holder}” in the inventory; type another."
        return None
