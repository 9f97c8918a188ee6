"""Small-cell suppression: no aggregate about fewer than k people is ever shown or exported.

Suppressing the small cells alone is not enough when a total is shown beside them: one hidden
cell is the total minus the others. So when exactly one cell of a row is hidden, the next smallest
is hidden too (secondary suppression), and the caller shows the total only if it is itself ≥ k.

A subtotal is a cell too: when it is under k, no cell of its row may be shown, not even a zero (a zero
beside a single hidden cell says that cell is the subtotal), nor anything from which the subtotal can be
worked out, such as the rest of a shown total (`suppress_row`).

Pages apply the same rule as the open-data API: templates get `safe_total` as a global, and
templates/macros/privacy.html shows a count of people (supports, organisations, proposals in a theme)
that it hides as "fewer than k"."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Cell:
    label: str
    count: int | None  # None: suppressed

    @property
    def suppressed(self) -> bool:
        return self.count is None


def hidden_labels(counts: dict, k: int) -> set:
    """The labels to hide: every non-zero cell under k and, when that is a single cell, the next
    smallest non-zero one too. Zeros are shown ("no one"), and never serve as the second cell.

    When the only non-zero cell is under k there is no second cell to hide: that cell is the row's
    total, and only hiding the total (and every zero beside it) protects it. Use `suppress_row` for a row
    whose total can be seen or worked out."""
    hidden = {label for label, n in counts.items() if 0 < n < k}
    if len(hidden) == 1:
        shown = sorted(((n, str(label), label) for label, n in counts.items() if label not in hidden and n > 0))
        if shown:
            hidden.add(shown[0][2])
    return hidden


def suppress_row(counts: dict, k: int) -> tuple[set, bool]:
    """The labels to hide in a row whose subtotal is public (through shares, or as a shown total minus
    another shown count), and whether that subtotal may be shown. A subtotal under k (and not 0) is a
    small cell: every label is hidden, zeros too, and the caller must hide the subtotal and whatever
    gives it away."""
    if safe_total(sum(counts.values()), k) is None:
        return set(counts), False
    return hidden_labels(counts, k), True


def suppress(counts: dict[str, int], k: int) -> list[Cell]:
    """Cells in the given order, those under k (and, if needed, one more) replaced by None."""
    hidden = hidden_labels(counts, k)
    return [Cell(label, None if label in hidden else n) for label, n in counts.items() if n > 0]


def safe_total(total: int, k: int) -> int | None:
    """A total is shown only when it is not itself a small cell."""
    return total if total == 0 or total >= k else None


def init_app(app) -> None:
    """`safe_total` for templates (through templates/macros/privacy.html), so pages hide what the API hides."""
    app.add_template_global(safe_total, "safe_total")
