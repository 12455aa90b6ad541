"""Split a report body into paragraphs of plain and highlighted pieces.

Each record (lesson, initiative, metric) quotes a passage of its report. The report page shows
the full text with every quoted passage marked and anchored, so a reader can jump from a record
to the sentence it came from and back. Passages may overlap (a metric inside a lesson): a piece
of text carries every record that quotes it.
"""

from dataclasses import dataclass, field

from portal.core.excerpts import anchor


@dataclass
class Passage:
    start: int
    end: int
    anchor: str  # the id the record's "source" link points at
    record: object


@dataclass
class Piece:
    text: str
    records: list = field(default_factory=list)
    anchors: list = field(default_factory=list)  # anchors that start in this piece
    ending: list = field(default_factory=list)  # records whose passage ends with this piece

    @property
    def highlighted(self):
        return bool(self.records)


def find_passages(body, records, anchor_for):
    """Locate each record's excerpt in the body (at its stored offset); records whose excerpt is missing are skipped."""
    passages = []
    for record in records:
        start = anchor(body, record.excerpt, getattr(record, "excerpt_start", None))
        if start is not None:
            passages.append(Passage(start, start + len(record.excerpt), anchor_for(record), record))
    return passages


def split_into_paragraphs(body, passages):
    """Return a list of paragraphs, each a list of Pieces."""
    paragraphs = []
    offset = 0
    for line in body.split("\n"):
        line_start, line_end = offset, offset + len(line)
        offset = line_end + 1
        if not line.strip():
            continue
        inside = [p for p in passages if p.start < line_end and p.end > line_start]
        cuts = {line_start, line_end}
        for passage in inside:
            cuts.update(c for c in (passage.start, passage.end) if line_start < c < line_end)
        bounds = sorted(cuts)
        pieces = []
        for piece_start, piece_end in zip(bounds, bounds[1:], strict=False):
            covering = [p for p in inside if p.start < piece_end and p.end > piece_start]
            pieces.append(
                Piece(
                    text=body[piece_start:piece_end],
                    records=[p.record for p in covering],
                    anchors=[p.anchor for p in covering if p.start == piece_start],
                    ending=[p.record for p in covering if min(p.end, line_end) == piece_end],
                )
            )
        paragraphs.append(pieces)
    return paragraphs


@dataclass
class PassageLink:
    """A run of highlighted text that is one link: to `record`, the outermost record quoting it.

    `pieces` are the run's Pieces (each may start some records' anchors); `also` are the other
    records quoted inside the run and not reached by a link of their own, each shown as a small
    labelled link after it, so every record of a passage is one tap away.
    """

    record: object
    pieces: list
    also: list = field(default_factory=list)


def link_runs(paragraph, passages):
    """The paragraph as plain Pieces and PassageLinks: one link per run of highlighted text.

    Where passages overlap (a metric inside a lesson) the run links to the longest passage's
    record, so a sentence is never cut into several links; the records inside it follow as
    small links.
    """
    length = {id(p.record): p.end - p.start for p in passages}
    runs = []
    for piece in paragraph:
        if not piece.highlighted:
            runs.append(piece)
            continue
        outer = max(piece.records, key=lambda record: length[id(record)])
        if runs and isinstance(runs[-1], PassageLink) and runs[-1].record is outer:
            runs[-1].pieces.append(piece)
        else:
            runs.append(PassageLink(outer, [piece]))
    linked = {id(run.record) for run in runs if isinstance(run, PassageLink)}
    shown = set()
    for run in runs:
        if not isinstance(run, PassageLink):
            continue
        for piece in run.pieces:
            for record in piece.records:
                if id(record) not in linked and id(record) not in shown:
                    shown.add(id(record))
                    run.also.append(record)
    return runs
