"""The label sheets `labels` prints on, in points (1/72 inch), without loading the PDF
library: the command line lists them in its help and the labels dialog in its choices."""

from __future__ import annotations

from dataclasses import dataclass

inch = 72.0
mm = inch / 25.4
LETTER = (8.5 * inch, 11 * inch)
A4 = (210 * mm, 297 * mm)


@dataclass(frozen=True, slots=True)
class LabelLayout:
    name: str
    description: str
    page: tuple[float, float]
    columns: int
    rows: int
    width: float
    height: float
    left: float  # page edge to the first label
    top: float
    pitch_x: float  # label start to the next label's start
    pitch_y: float

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def origin(self, slot: int) -> tuple[float, float]:
        """Bottom-left corner of label `slot` (0-based, left to right, top to bottom)."""
        row, column = divmod(slot % self.per_page, self.columns)
        x = self.left + column * self.pitch_x
        y = self.page[1] - self.top - row * self.pitch_y - self.height
        return x, y


LAYOUTS: dict[str, LabelLayout] = {
    layout.name: layout
    for layout in (
        LabelLayout(
            "letter-30", "Letter, 3 × 10, 2⅝ × 1 in (Avery 5160)", LETTER, 3, 10,
            2.625 * inch, 1 * inch, 0.1875 * inch, 0.5 * inch, 2.75 * inch, 1 * inch,
        ),
        LabelLayout(
            "letter-10", "Letter, 2 × 5, 4 × 2 in (Avery 5163)", LETTER, 2, 5,
            4 * inch, 2 * inch, 0.15625 * inch, 0.5 * inch, 4.1875 * inch, 2 * inch,
        ),
        LabelLayout(
            "a4-24", "A4, 3 × 8, 70 × 37 mm", A4, 3, 8,
            70 * mm, 37 * mm, 0, 0.5 * mm, 70 * mm, 37 * mm,
        ),
        LabelLayout(
            "a4-21", "A4, 3 × 7, 63.5 × 38.1 mm (Avery L7160)", A4, 3, 7,
            63.5 * mm, 38.1 * mm, 7.25 * mm, 15.15 * mm, 66.04 * mm, 38.1 * mm,
        ),
    )
}  # fmt: skip
DEFAULT_LAYOUT = "letter-30"
