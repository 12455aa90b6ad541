"""Helpers for tests that submit admin forms as a browser would: what the page's form would send."""

import html.parser

from django.urls import reverse


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


class FormFields(html.parser.HTMLParser):
    """What a browser would submit for each POST form of a page; `fields` is the biggest form
    (the admin puts a small logout form before the change form)."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self.current = None
        self.select = None
        self.textarea = None

    @property
    def fields(self):
        return max(self.forms, key=len, default=[])

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.current = []
            self.forms.append(self.current)
        if self.current is None or ("name" not in attrs and tag != "option"):
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file"):
                self.current.append((attrs["name"], attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and "selected" in attrs:
            self.current.append((self.select, attrs.get("value", "")))
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            # Browsers drop the newline that follows <textarea>.
            name, value = self.textarea
            self.current.append((name, value[1:] if value.startswith("\n") else value))
            self.textarea = None
        elif tag == "form":
            self.current = None


def form_data(response, **changes):
    """The page's form as a dict (lists for repeated names), with `changes` applied."""
    assert response.status_code == 200, response.status_code
    parser = FormFields()
    parser.feed(response.content.decode())
    data = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    data = {name: values[0] if len(values) == 1 else values for name, values in data.items()}
    data.update(changes)
    return data


def inline_prefix(data, pk):
    """The prefix ("localities-3") of the inline form that edits the row `pk`."""
    return next(name.removesuffix("-id") for name, value in data.items() if name.endswith("-id") and value == str(pk))


# The management form of the panel of readers' error reports that every reportable record's
# change page has (portal/curation/corrections_admin.py); no report in these tests.
CORRECTIONS_PANEL = {
    f"curation-correctionrequest-content_type-object_id-{name}": value
    for name, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"), ("MIN_NUM_FORMS", "0"), ("MAX_NUM_FORMS", "1000"))
}


def lesson_form_data(lesson, **changes):
    data = {
        **CORRECTIONS_PANEL,
        "title": lesson.title,
        "title_en": lesson.title_en,
        "slug": lesson.slug,
        "kind": lesson.kind,
        "ordinal": lesson.ordinal or "",
        "subject": lesson.subject,
        "subject_en": lesson.subject_en,
        "province": lesson.province_id,
        "locality": lesson.locality_id or "",
        "themes": [theme.pk for theme in lesson.themes.all()],
        "report": lesson.report_id,
        "excerpt": lesson.excerpt,
        "summary_en": lesson.summary_en,
        "loaded_version": lesson.version,  # the hidden field of the change form (portal/core/locking.py)
    }
    data.update(changes)
    return data
