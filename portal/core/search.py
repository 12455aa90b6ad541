"""Search: accent- and case-insensitive matching of what a reader types against stored text.

- Searchable: a model with a stored, folded copy of its text (`search_text`, " tu le van chan ").
- SearchableQuerySet.search(): rows with a word starting with each word of the query, whole
  phrases first; PostgreSQL serves it from a trigram index (trigram_search_indexes()).
- match_spans(): where the query's words sit in the original text, for highlighting.
"""

import unicodedata

from django.db import migrations, models
from django.db.models import Case, When

from .vntext import fold, fold_char


class SearchableQuerySet(models.QuerySet):
    def search(self, query):
        """Rows with a word starting with each word of the query, accents and case ignored.

        "tu le" finds "Tú Lệ"; rows that hold the query as a whole phrase come first. Matching
        runs in the database on the stored `search_text` column (" tu le van chan "): a plain
        substring test on " <word>", which PostgreSQL can serve from a trigram index.
        """
        words = fold(query).split()
        if not words:
            # Nothing typed: every row. Only punctuation or a lone mark: nothing can match it.
            return self.none() if query.strip() else self
        queryset = self
        for word in words:
            queryset = queryset.filter(search_text__contains=f" {word}")
        phrase_first = Case(
            When(search_text__contains=f" {' '.join(words)} ", then=0), default=1, output_field=models.IntegerField()
        )
        return queryset.annotate(search_rank=phrase_first).order_by("search_rank", *self.model._meta.ordering)


class Searchable(models.Model):
    """A model with a stored, folded copy of its searchable text ("Tú Lệ" -> "tu le")."""

    search_text = models.TextField(editable=False, default="")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.search_text = self.folded_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def folded_search_text(self):
        """The value save() stores in `search_text`; bulk writers (bulk_create) set it from here."""
        # Spaces at both ends: every word, first and last included, is preceded and followed by one.
        return f" {fold(' '.join(part for part in self.search_parts() if part))} "

    def search_parts(self):
        raise NotImplementedError


def match_spans(text, query):
    """Where words of `text` start with the words of `query`, accents and case ignored.

    Returns merged (start, end) offsets into the original text, so a template can mark the
    matching words as they were written ("tu le" marks "Tú Lệ").
    """
    words = fold(query).split()
    if not text or not words:
        return []
    folded, origin = [], []
    for position, char in enumerate(text):
        for out in fold_char(char):
            folded.append(out)
            origin.append(position)
    folded = "".join(folded)
    spans = []
    for word in set(words):
        start = folded.find(word)
        while start != -1:
            if start == 0 or not folded[start - 1].isalnum():  # words match from their start
                end = origin[start + len(word) - 1] + 1
                while end < len(text) and unicodedata.combining(text[end]):
                    end += 1  # keep a decomposed letter's marks with it
                spans.append((origin[start], end))
            start = folded.find(word, start + 1)
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


# PostgreSQL: search matches `search_text LIKE '% word%'`; a GIN index with pg_trgm's operator
# class serves such patterns, so search reads the index instead of every row. SQLite has no such
# index and does not need one at its scale; the operation does nothing there.


def index_name(table):
    return f"{table}_search_trgm"


def trigram_search_indexes(app_label, *model_names):
    """A migration operation creating (and on reverse, dropping) one index per model."""

    def tables(apps):
        return [apps.get_model(app_label, name)._meta.db_table for name in model_names]

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for table in tables(apps):
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{index_name(table)}" ON "{table}" USING gin (search_text gin_trgm_ops)'
            )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in tables(apps):
            schema_editor.execute(f'DROP INDEX IF EXISTS "{index_name(table)}"')

    return migrations.RunPython(create, drop, elidable=False)
