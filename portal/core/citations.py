"""“Cite this page”: an APA-like citation of every detail page, and its BibTeX, RIS and CSL-JSON
downloads, which a reference manager (Zotero, Mendeley, EndNote, JabRef) imports with a creator,
a year (or "n.d."), the access date and the URL.

The functions take the record a detail page shows and the request (for the page's absolute URL;
the active language picks titles and dates), and read nothing else: no query beyond what the
detail view already loaded (a lesson's or initiative's report comes with it).

- A lesson, initiative or metric is cited as the portal's page, naming the source report it
  was extracted from (title, byline, publisher, date and URL when known).
- A report's page is cited with the report's own byline, publisher, date and URL.
- Indicators, provinces and themes have no single report: the portal page itself is cited.

Who a page is by (`creators()`): the portal, as a corporate author, for every page it wrote; a
report's page is by the report's authors when curators named them, else by its publisher (a
corporate author), else by the portal. Corporate and Vietnamese names are written whole (BibTeX
`{...}`, CSL `literal`): splitting "Quý Trọng" into a given and a family name would be a guess.

`CitableMixin` makes a DetailView answer `?cite=bibtex|ris|csl` with a download and gives its
template `citation` for templates/partials/cite.html.
"""

import json
import re
from dataclasses import dataclass
from datetime import date

from django.http import HttpResponse
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import dates
from .listing import BadRequest, bad_request, check_query
from .models import is_english
from .site import portal_name, today


@dataclass(frozen=True)
class Source:
    """The source report of a citation, as published."""

    title: str  # in the report's own language (Vietnamese)
    translated_title: str  # the English title, on English pages, when it differs
    byline: str  # as the text writes it: "QÚY TRỌNG- THỪA XUÂN"
    authors: tuple  # the normalised names, when curators gave them: ("Quý Trọng", "Thừa Xuân")
    publisher: str  # who published this text; "" when unknown (a republisher may be)
    original: str  # a republication's original: "Nguyễn Hương, Báo Nam Định"
    published_on: date | None
    precision: str  # "day", "month" or "year"
    inferred: bool  # the date is implied by the text, not stated
    url: str

    @property
    def date_text(self):
        return dates.display(self.published_on, self.precision, self.inferred)

    @property
    def year_text(self):
        """The year in a citation's "(2023)"; "(2022, suy ra)" when only implied by the text."""
        if self.inferred:
            return _("%(year)d, suy ra") % {"year": self.published_on.year}
        return str(self.published_on.year)


@dataclass(frozen=True)
class Citation:
    key: str  # "lesson-<slug>": the BibTeX key
    slug: str  # the download's file name
    kind: str  # "Bài học", "Tỉnh"...: what the page is
    title: str
    page_url: str
    accessed: date
    language: str
    source: Source | None  # None: indicator, province and theme pages
    is_report: bool  # the page is the source report itself

    @property
    def text(self):
        return citation_text_of(self)

    @property
    def accessed_display(self):
        return dates.display(self.accessed)


def one_line(text):
    return " ".join(str(text).split())


def source_of(report):
    english = report.title_en if is_english() and report.title_en and report.title_en != report.title else ""
    original = ", ".join(one_line(part) for part in (report.original_author, report.original_outlet) if part)
    return Source(
        title=one_line(report.title),
        translated_title=one_line(english),
        byline=one_line(report.byline),
        authors=tuple(one_line(name) for name in report.authors),
        publisher=one_line(report.publisher),
        original=original,
        published_on=report.published_on,
        precision=report.date_precision,
        inferred=report.date_inferred,
        url=report.url,
    )


def build_citation(record, request, accessed=None):
    """What a citation of `record`'s page says, in the active language."""
    # A sourced record names its report; a report is its own source; other pages have none.
    report = getattr(record, "source_report", None)
    is_report = report is record
    source = source_of(report) if report is not None else None
    if is_report:
        # The report page shows the title as published; English readers also get the translation.
        title = source.title + (f" [{source.translated_title}]" if source.translated_title else "")
    else:
        title = one_line(record.localized_label)
    return Citation(
        key=f"{record._meta.model_name}-{record.slug}",
        slug=record.slug,
        kind=capfirst(str(record._meta.verbose_name)),
        title=title,
        page_url=request.build_absolute_uri(record.get_absolute_url()),
        accessed=accessed or today(),
        language=get_language() or "vi",
        source=source,
        is_report=is_report,
    )


def sentence(text):
    """`text` ending with exactly one full stop (titles may end with their own punctuation)."""
    text = text.rstrip()
    return text if text.endswith((".", "?", "!", "…")) else f"{text}."


def source_details(source, with_title=True):
    """“Title” [translation], byline, publisher, date, URL: whatever is known."""
    parts = []
    if with_title:
        quoted = f"“{source.title}”"
        parts.append(f"{quoted} [{source.translated_title}]" if source.translated_title else quoted)
    if source.original:
        # A republication: the original author and outlet as the text names them; who republished
        # it is not known, and the citation says so rather than guessing.
        parts.append(_("đăng lại theo %(original)s (không rõ nơi đăng lại)") % {"original": source.original})
    else:
        parts += [part for part in ("; ".join(source.authors) or source.byline, source.publisher) if part]
    if source.published_on:
        parts.append(source.date_text)
    if source.url:
        parts.append(source.url)
    return ", ".join(parts)


def source_note(citation):
    """The sentence that names where the page's content comes from ("" when nothing is known)."""
    if citation.source is None:
        return ""
    if citation.is_report:
        details = source_details(citation.source, with_title=False)
        return sentence(_("Bài gốc: %(details)s") % {"details": details}) if details else ""
    return sentence(_("Nguồn: %(details)s") % {"details": source_details(citation.source)})


def year_of(citation):
    if citation.source and citation.source.published_on:
        return citation.source.year_text
    return _("không rõ năm")


def creators(citation):
    """The names the cited page is by, each written whole (see the module docstring)."""
    source = citation.source
    if citation.is_report:
        # Report.authors falls back on a republication's original author; without one, the
        # outlet that published the text (or, for a republication, the original's) is its author.
        names = list(source.authors) or [name for name in (source.publisher or source.original,) if name]
        if names:
            return names
    return [portal_name()]


def publisher_of(citation):
    """Who published what is cited: the report's publisher for a report page, else the portal."""
    if citation.is_report:
        return citation.source.publisher
    return portal_name()


def issued(citation):
    """(date, precision) of what is cited: its source report's date, when known."""
    source = citation.source
    if source is None or source.published_on is None:
        return None, None
    return source.published_on, source.precision


def note_of(citation):
    return " ".join(part for part in (sentence(citation.kind), source_note(citation)) if part)


def citation_text_of(citation):
    parts = [
        sentence(portal_name()),
        f"({year_of(citation)}).",
        sentence(f"{citation.title} [{citation.kind}]"),
        source_note(citation),
        _("Truy cập ngày %(date)s, từ %(url)s") % {"date": dates.display(citation.accessed), "url": citation.page_url},
    ]
    return " ".join(part for part in parts if part)


# BibTeX -------------------------------------------------------------------------------------

# LaTeX's special characters, each replaced in one pass (so a replacement is never re-escaped).
# Everything else, Vietnamese letters included, stays UTF-8: biber and biblatex read it as is.
BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "$": r"\$",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def bibtex_escape(text):
    return "".join(BIBTEX_ESCAPES.get(character, character) for character in one_line(text))


def verbatim_url(url):
    """A URL for biblatex's verbatim `url` field: braces, backslashes and spaces percent-encoded."""
    return re.sub(r"[{}\\\s]", lambda match: f"%{ord(match.group()):02X}", url)


def bibtex_of(citation):
    day, precision = issued(citation)
    # Each name in its own braces: BibTeX must neither split it nor read "and" inside it.
    authors = " and ".join(f"{{{bibtex_escape(name)}}}" for name in creators(citation))
    fields = [
        ("author", authors),
        # Double braces: BibTeX styles must not lower-case the title (names, "CĐS", "TT&TT").
        ("title", f"{{{bibtex_escape(citation.title)}}}"),
        ("year", str(day.year) if day else "n.d."),
        *([("date", dates.iso(day, precision))] if day else []),
        ("howpublished", bibtex_escape(portal_name())),
        *([("publisher", bibtex_escape(publisher))] if (publisher := publisher_of(citation)) else []),
        ("note", bibtex_escape(note_of(citation))),
        ("urldate", citation.accessed.isoformat()),
        ("url", verbatim_url(citation.page_url)),
        ("langid", "english" if citation.language == "en" else "vietnamese"),
    ]
    lines = [f"@misc{{{citation.key},"]
    lines += [f"  {name} = {{{value}}}," for name, value in fields]
    lines.append("}")
    return "\n".join(lines) + "\n"


# RIS ----------------------------------------------------------------------------------------


def ris_date(day, precision="day"):
    """RIS dates are "YYYY/MM/DD/": the parts a source does not give stay empty ("2022///")."""
    if precision == "year":
        return f"{day.year}///"
    if precision == "month":
        return f"{day.year}/{day.month:02d}//"
    return day.strftime("%Y/%m/%d/")


def ris_of(citation):
    """RIS: one "TG  - value" per line, CRLF line ends, ending with "ER  - "."""
    source = citation.source
    tags = [("TY", "ELEC"), ("TI", citation.title)]
    if source and not citation.is_report:
        tags.append(("T2", source.title))
    # The normalised names only ("Quý Trọng"): a byline as written ("QÚY TRỌNG- THỪA XUÂN") is
    # not a name a reference manager could file; it stays in the N1 note with the rest.
    tags += [("AU", name) for name in creators(citation)]
    tags.append(("DB", portal_name()))
    if publisher := publisher_of(citation):
        tags.append(("PB", publisher))
    if source and source.published_on:
        tags += [("PY", str(source.published_on.year)), ("DA", ris_date(source.published_on, source.precision))]
    tags += [
        ("UR", citation.page_url),
        ("Y2", ris_date(citation.accessed)),
        ("LA", citation.language),
        ("N1", note_of(citation)),
        ("ER", ""),
    ]
    return "".join(f"{tag}  - {one_line(value)}\r\n" for tag, value in tags)


# CSL-JSON -----------------------------------------------------------------------------------


def date_parts(day, precision="day"):
    """CSL's {"date-parts": [[2023, 9, 30]]}, no more precise than known ([[2022]])."""
    parts = [day.year, day.month, day.day]
    return {"date-parts": [parts[: {"year": 1, "month": 2}.get(precision, 3)]]}


def csl_of(citation):
    """CSL-JSON (what Zotero and citeproc read): a list holding one item. Without a known date
    there is no `issued`, and a CSL style writes "n.d." itself."""
    day, precision = issued(citation)
    item = {
        "id": citation.key,
        "type": "webpage",
        "title": citation.title,
        "author": [{"literal": name} for name in creators(citation)],
        "container-title": portal_name(),
        **({"publisher": publisher} if (publisher := publisher_of(citation)) else {}),
        **({"issued": date_parts(day, precision)} if day else {}),
        "accessed": date_parts(citation.accessed),
        "URL": citation.page_url,
        "language": citation.language,
        "note": note_of(citation),
    }
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


# The functions a caller uses: a record and the request in, text out.


def citation_text(record, request, accessed=None):
    return citation_text_of(build_citation(record, request, accessed))


def bibtex(record, request, accessed=None):
    return bibtex_of(build_citation(record, request, accessed))


def ris(record, request, accessed=None):
    return ris_of(build_citation(record, request, accessed))


def csl(record, request, accessed=None):
    return csl_of(build_citation(record, request, accessed))


# Downloads and the view mixin ---------------------------------------------------------------

# ?cite= value: (builder, content type, file extension)
STYLES = {
    "bibtex": (bibtex, "application/x-bibtex; charset=utf-8", "bib"),
    "ris": (ris, "application/x-research-info-systems; charset=utf-8", "ris"),
    "csl": (csl, "application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
}


def requested_citation(request):
    """`cite` of a detail page: None (the page), bibtex, ris or csl; anything else is a 400."""
    style = request.GET.get("cite")
    if style is None:
        return None
    if style not in STYLES:
        raise BadRequest({"cite": [_("Kiểu trích dẫn phải là bibtex, ris hoặc csl.")]})
    return style


def citation_response(record, request, style):
    build, content_type, extension = STYLES[style]
    response = HttpResponse(build(record, request), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{record.slug}.{extension}"'
    return response


class CitableMixin:
    """For a DetailView: `?cite=bibtex|ris|csl` downloads the citation; the page gets `citation`.

    The query string is checked before anything else, every parameter in `query_parameters` at
    once. A view with more parameters (IndicatorDetailView's `format`) adds its parser there and
    overrides `respond()`; `cite` is answered first.
    """

    query_parameters = {"cite": requested_citation}

    @classmethod
    def accepted_parameters(cls):
        """The query parameters this page reads (the page cache keys on these alone)."""
        return set(cls.query_parameters)

    def get(self, request, *args, **kwargs):
        try:
            query = check_query(request, self.query_parameters)
        except BadRequest as error:
            return bad_request(request, error.errors)
        self.object = self.get_object()
        if query["cite"]:
            return citation_response(self.object, request, query["cite"])
        return self.respond(query)

    def respond(self, query):
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        kwargs.setdefault("citation", build_citation(self.object, self.request))
        return super().get_context_data(**kwargs)
