"""The numbers of a list's entries in the PDF (``portfolio_pdf_numbering``)."""

from __future__ import annotations

__all__ = ["entry_labels"]


def entry_labels(count: int, numbering: str, prefix: str = "") -> list[str]:
    """The labels of a list's *count* entries, in the list's order.

    *numbering* is ``"plain"`` (1 to *count*) or ``"reverse"`` (*count* down to 1, the
    newest paper of a CV with the highest number); any other value gives no labels.
    *prefix* comes before each number (``"P"``: P3, P2, P1), so that the lists of one
    document can be told apart in citations.
    """
    if numbering == "plain":
        numbers = range(1, count + 1)
    elif numbering == "reverse":
        numbers = range(count, 0, -1)
    else:
        return []
    return [f"{prefix}{n}" for n in numbers]
