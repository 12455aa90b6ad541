"""Intake of a new article: an uploaded file or pasted text becomes its text and proposed metadata.

One small function per format, each returning an `Extracted` (the text, and the title, date,
byline, publisher and address it proposes; empty where the source says nothing):

- from_text_file: plain text, UTF-8 only (a byte-order mark is dropped); a short first line is
  proposed as the title.
- from_web_page: a saved web page (.html, .htm). trafilatura keeps the article's own text, one
  paragraph per line, and drops the site's furniture: menus, date banners, photo captions,
  related links, footers. Title, date, author, site name and address come from the page's
  metadata (<title>, Open Graph, article:published_time, the canonical link; htmldate reads the
  date, from the page's visible date when no tag gives it).
- from_mhtml: the same for a page saved as one file (.mhtml, .mht: Chrome's and Edge's
  "Webpage, Single File"), whose address is in its MIME headers.
- from_docx: python-docx, paragraphs and table rows in document order, one a line; the title from
  the document's properties or its first Title or Heading paragraph.
- from_pdf: pypdf, the text layer page by page (the lines as laid out on the page); the title from
  the document information. An encrypted PDF opens only if it needs no password.
- from_pasted: the pasted text as it is.

Why these libraries: trafilatura is made for exactly this job (main text and metadata of news
pages, used for web corpora, maintained, ahead in the published extraction benchmarks), and it
gives plain text with paragraph breaks plus metadata. readability-lxml returns cleaned HTML and
only a title: we would still turn HTML into text and look for the date and author ourselves.
python-docx and pypdf are the maintained, pure-Python readers of their formats (no system
library; PyMuPDF, the other strong PDF reader, is AGPL).

What is changed, and only this: every line break ("\\r\\n", "\\r") becomes "\\n", which is also what
the editor's browser does to the text (see normalize_newlines). A file's author property and
dates name who made the file and when, not who wrote the article and when it appeared, so they
are not proposed.

Problems raise IntakeError, whose message (Vietnamese) tells the editor what to do.
"""

import dataclasses
import email
import email.policy
import hashlib
import io
import logging
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import PurePath

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal.core.vntext import format_number

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # a news article with its images is well under this
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # a .docx is a zip: refuse one that would unpack to more
SOURCE_NAME_LENGTH = 200  # Report.source_file
PASTED_SOURCE = "dán-trực-tiếp"  # the source file of a report whose text was pasted
TITLE_LINE_LENGTH = 200  # a first line at most this long may be a headline

# Formats, as the intake records them.
TEXT, WEB_PAGE, DOCX, PDF, PASTED = "text", "html", "docx", "pdf", "pasted"


class IntakeError(Exception):
    """The upload or text cannot become an article; `message` says why, for the editor."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Extracted:
    text: str
    format: str
    title: str = ""
    byline: str = ""
    publisher: str = ""
    published_on: date | None = None
    url: str = ""
    source_name: str = ""
    sha256: str = ""


_LINE_BREAK = re.compile(r"\r\n?")


def normalize_newlines(text):
    """Every line break as "\\n".

    A browser submits a textarea's lines joined by "\\r\\n" whatever the text had (the HTML
    form-submission rules), so "\\n" is the only form in which the confirmed text can be kept
    the same on every save; files are read the same way, so what the editor saw is what is stored.
    """
    return _LINE_BREAK.sub("\n", text)


def read_upload(upload):
    """An uploaded file (Django's UploadedFile) -> Extracted; IntakeError if it cannot be read."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise IntakeError(
            _("Tệp quá lớn (%(size)s MB). Giới hạn là %(limit)d MB.")
            % {
                # 12,3 in Vietnamese, 12.3 in English: the reader's own decimal mark.
                "size": format_number(Decimal(upload.size * 10 // 1024 // 1024) / 10, get_language() or "vi"),
                "limit": MAX_UPLOAD_BYTES // 1024 // 1024,
            }
        )
    name = PurePath(upload.name or "").name
    reader = READERS.get(PurePath(name.lower()).suffix)
    if reader is None:
        raise IntakeError(unsupported_message(name))
    data = upload.read()
    extracted = reader(data)
    return finish(extracted, source_name=short_name(name), sha256=hashlib.sha256(data).hexdigest())


def unsupported_message(name):
    if name.lower().endswith(".doc"):
        return _("Tệp .doc (Word cũ) chưa đọc được. Hãy mở tệp trong Word và lưu lại dưới dạng .docx.")
    return _(
        "Không nhận loại tệp “%(name)s”. Hãy tải lên văn bản thuần (.txt), trang web đã lưu "
        "(.html, .htm, .mhtml), tệp Word (.docx) hoặc PDF (.pdf), hoặc dán văn bản."
    ) % {"name": name}


def short_name(name):
    """The file name, shortened to fit Report.source_file, keeping its extension."""
    if len(name) <= SOURCE_NAME_LENGTH:
        return name
    suffix = PurePath(name).suffix[:20]
    return name[: SOURCE_NAME_LENGTH - len(suffix)] + suffix


def from_pasted(text):
    extracted = Extracted(text=text, format=PASTED, title=first_line_title(text))
    return finish(
        extracted, source_name=PASTED_SOURCE, sha256=hashlib.sha256(normalize_newlines(text).encode()).hexdigest()
    )


def finish(extracted, **source):
    """The extraction with its line breaks normalised and its source recorded; empty text refused."""
    text = normalize_newlines(extracted.text)
    if not text.strip():
        raise IntakeError(_("Không tìm thấy chữ nào trong bài viết. Hãy kiểm tra lại tệp, hoặc dán văn bản trực tiếp."))
    if "\x00" in text:  # PostgreSQL cannot store it; a UTF-16 file read as UTF-8 is full of them
        raise IntakeError(not_utf8_message())
    return dataclasses.replace(extracted, text=text, **source)


def not_utf8_message():
    return _(
        "Tệp văn bản không ở mã UTF-8 nên không đọc được đúng dấu tiếng Việt. Hãy mở tệp, "
        "lưu lại với mã UTF-8 rồi tải lên lại, hoặc dán văn bản trực tiếp."
    )


def first_line_title(text):
    """The text's first line when it is short enough to be a headline, else ""."""
    for line in normalize_newlines(text).split("\n"):
        if line.strip():
            line = line.strip()
            return line if len(line) <= TITLE_LINE_LENGTH and not line.endswith((".", ":", ",")) else ""
    return ""


def from_text_file(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise IntakeError(not_utf8_message()) from None
    return Extracted(text=text, format=TEXT, title=first_line_title(text))


def from_web_page(data, url=""):
    """A web page's own text and metadata; `data` is its HTML, as bytes or text."""
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            data,
            url=url or None,
            with_metadata=True,
            include_comments=False,  # readers' comments are not the article
            include_tables=True,  # figures are often given in a table
            include_images=False,
            deduplicate=False,  # an article may repeat a sentence on purpose
        )
    except Exception as error:  # the library raises many kinds on broken markup: all mean the same here
        logger.info("web page not readable: %r", error)
        raise IntakeError(_("Không đọc được trang web này. Hãy dán văn bản bài viết trực tiếp.")) from error
    if document is None or not (document.text or "").strip():
        raise IntakeError(
            _("Không tìm thấy nội dung bài viết trong trang web này. Hãy dán văn bản bài viết trực tiếp.")
        )
    return Extracted(
        text=document.text,
        format=WEB_PAGE,
        title=fit(document.title, 300),
        byline=fit(document.author, 200),
        publisher=fit(document.sitename, 200),
        published_on=iso_date(document.date),
        url=web_address(document.url or url),
    )


def from_mhtml(data):
    """A page saved as one file: the HTML part of the MIME message, and the address it was saved from."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    html = next((part for part in message.walk() if part.get_content_type() == "text/html"), None)
    if html is None:
        raise IntakeError(_("Tệp .mhtml này không chứa trang web nào. Hãy dán văn bản bài viết trực tiếp."))
    content = html.get_payload(decode=True)  # bytes: without a charset here, the page's own <meta> says
    if charset := html.get_content_charset():
        try:
            content = content.decode(charset)
        except (LookupError, UnicodeError) as error:
            raise IntakeError(_("Không đọc được trang web này. Hãy dán văn bản bài viết trực tiếp.")) from error
    address = str(message.get("Snapshot-Content-Location") or html.get("Content-Location") or "")
    return from_web_page(content, url=web_address(address))


def from_docx(data):
    import docx
    from docx.table import Table

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(member.file_size for member in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise IntakeError(_("Tệp Word này quá lớn khi giải nén. Hãy dán văn bản bài viết trực tiếp."))
        document = docx.Document(io.BytesIO(data))
        lines, heading = [], ""
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines += [table_row(row) for row in block.rows]
            else:
                lines.append(block.text)
                if not heading and block.text.strip() and block.style.name.startswith(("Title", "Heading")):
                    heading = block.text.strip()
        title = document.core_properties.title or heading
    except IntakeError:
        raise
    except Exception as error:  # not a zip, not a Word document, a broken part: all mean the same here
        logger.info("docx not readable: %r", error)
        raise IntakeError(_("Không đọc được tệp Word này (.docx). Tệp có thể bị hỏng.")) from error
    # Word separates paragraphs with empty ones for spacing: one paragraph a line, as for web pages.
    return Extracted(text="\n".join(line for line in lines if line.strip()), format=DOCX, title=fit(title, 300))


def table_row(row):
    """A table row as its cells' text separated by tabs (what copying it from Word gives); a merged cell once."""
    cells, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            cells.append(cell.text)
    return "\t".join(cells)


def from_pdf(data):
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # many PDFs are "encrypted" only against editing
            except DependencyError as error:  # AES needs the cryptography package, which is not installed
                raise IntakeError(
                    _("Tệp PDF này được mã hoá theo cách hệ thống chưa đọc được. Hãy dán văn bản trực tiếp.")
                ) from error
            if not opened:
                raise IntakeError(
                    _("Tệp PDF này được khoá bằng mật khẩu. Hãy dùng bản không khoá, hoặc dán văn bản trực tiếp.")
                )
        pages = [page.extract_text() or "" for page in reader.pages]
        title = (reader.metadata or {}).get("/Title") or ""
    except IntakeError:
        raise
    except Exception as error:  # pypdf raises many kinds on a broken file: all mean the same here
        logger.info("pdf not readable: %r", error)
        raise IntakeError(_("Không đọc được tệp PDF này. Tệp có thể bị hỏng.")) from error
    text = "\n".join(page.strip("\n") for page in pages if page.strip())
    if not text.strip():
        raise IntakeError(
            _("Tệp PDF này không có lớp chữ (có thể là ảnh chụp hoặc bản quét). Hãy dán văn bản trực tiếp.")
        )
    return Extracted(text=text, format=PDF, title=fit(pdf_title(str(title)), 300))


def pdf_title(title):
    """The document's title, unless it is only the name of the file it was printed from."""
    title = title.strip()
    if title.startswith("Microsoft Word - ") or re.search(r"\.(docx?|pdf|txt|html?)$", title, re.IGNORECASE):
        return ""
    return title


def fit(value, length):
    return (value or "").strip()[:length]


def iso_date(value):
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def web_address(value):
    value = (value or "").strip()
    return value if re.match(r"https?://", value) and len(value) <= 500 else ""


# Each reader imports its library when a file of its kind arrives: together they add a third of
# a second to the start of every server process, and only the intake uses them.
READERS = {
    ".txt": from_text_file,
    ".text": from_text_file,
    ".html": from_web_page,
    ".htm": from_web_page,
    ".xhtml": from_web_page,
    ".mhtml": from_mhtml,
    ".mht": from_mhtml,
    ".docx": from_docx,
    ".pdf": from_pdf,
}
