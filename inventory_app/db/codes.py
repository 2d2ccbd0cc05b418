"""SKUs and barcodes in one written form, and the key they are found by.

Codes that look the same must be the same item: a full-width "ＡＢＣ-1" pasted from a
supplier's web page, "ABC‐1" with a typographic hyphen, or "ABC-1" with a zero-width space
in it are all "ABC-1". A code is stored as `clean_code` makes it, and found by `code_key`,
its case-folded form, kept in its own indexed column (`Item.sku_key`, `Item.barcode_key`).
The key is computed here, in Python, and never by SQL's LOWER(): SQLite folds ASCII letters
only, so "ÄBC-1" typed as "äbc-1" would never be found.
"""

from __future__ import annotations

import unicodedata

# Hyphens, dashes and minus signs people and word processors type for "-" (U+FE63 and U+FF0D
# already become "-" under NFKC; they are here for plain reading).
DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d")


def clean_code(value: object) -> str:
    """`value` as a SKU or barcode is stored: NFKC-normalised, without format characters
    (zero-width spaces and joiners, direction marks: category Cf), every dash as "-", and
    without surrounding white space."""
    text = unicodedata.normalize("NFKC", "" if value is None else str(value))
    kept = "".join("-" if c in DASHES else c for c in text if unicodedata.category(c) != "Cf")
    # Normalised again: taking out a joiner can leave letters and marks to be composed.
    return unicodedata.normalize("NFKC", kept).strip()


def code_key(value: object) -> str:
    """The key a SKU or barcode is found by: its clean form, case-folded (any script)."""
    return unicodedata.normalize("NFKC", clean_code(value).casefold())


def optional_key(value: object) -> str | None:
    """`code_key` of a barcode, or None for none (no barcode has no key)."""
    key = code_key(value)
    return key or None
