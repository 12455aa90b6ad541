"""Search: what a reader types, matched syllable by syllable against stored, folded text.

Vietnamese words are syllables, so search matches whole syllables: "so" finds "số", "sở", "sơ",
never "soát"; only the last syllable typed may be the start of one ("chuyen doi s" already finds
"chuyển đổi số"), for search-as-you-type. Accents, case and "đ" fold away, and the common
abbreviations are spelled out on both sides ("CĐS" finds "chuyển đổi số" and the reverse).

- Searchable: a model with two stored, folded copies of its text: `search_name` (its own names
  and titles) and `search_text` (everything searchable, names included), each written as
  " | tu le | tu le commune | " so that every syllable has a space on both sides and a phrase
  never runs from one field into the next.
- SearchQuery: the syllables of a query and the tests the database runs for them.
- SearchableQuerySet.search(): rows with every syllable, ranked: the query as a whole name,
  the phrase in a name, the phrase anywhere, every syllable in a name, the rest. PostgreSQL
  serves the tests from trigram indexes (trigram_search_indexes()).
- ranked_keys(): the keys of one page of a search, read rank by rank, each rank's rows in slug
  order and no further than the page: PostgreSQL walks the slug index (or, for a rare query,
  reads the trigram index) and stops, instead of ranking and sorting all 25,000 matches of
  "chuyen doi so" for the first 25. Within a rank results come by slug, which begins with the
  province and the report (nam-dinh-lan-toa-...), so they stay grouped as the lists are.
- Counts of searched rows stop at COUNT_LIMIT: counting every one of 25,000 matches costs more
  than the page that shows 25 of them, and "more than 1,000" tells a reader as much.
- match_spans(): which syllables of an original text to highlight; snippet(): where, in a long one.
"""

from dataclasses import dataclass

from django.db import connections, migrations, models
from django.db.models import Case, Q, When
from django.db.models.functions import Reverse
from django.db.models.sql.where import AND

from .vntext import search_fold, syllables

# Between two fields of the stored text: no syllable, so no phrase can span it.
FIELD_BREAK = " | "

# search_rank: the order results come in, best first. EXACT_NAME: the query is one of the
# record's names ("lao cai" and the province Lào Cai), which a page may offer as a best bet.
EXACT_NAME, PHRASE_IN_NAME, PHRASE, ALL_IN_NAME, ALL = range(5)

# Within a rank: the slug (unique for lessons and initiatives, whose index the search walks), then
# the key for the few models whose slug is unique only within a province.
WITHIN_RANK = ("slug", "pk")

# Searched rows are counted up to this many; past it a page says "more than 1,000".
COUNT_LIMIT = 1000


def stored_form(parts):
    """The folded fields as the search columns store them: " | tu le | xa tu le | "."""
    folded = [search_fold(part) for part in parts if part]
    return f"{FIELD_BREAK}{FIELD_BREAK.join(part for part in folded if part)}{FIELD_BREAK}"


@dataclass(frozen=True)
class SearchQuery:
    """The folded syllables of what was typed; the last may be the start of a syllable."""

    syllables: tuple

    @classmethod
    def parse(cls, text):
        return cls(tuple(search_fold(text or "").split()))

    def __bool__(self):
        return bool(self.syllables)

    def every_syllable(self, field):
        """Q: `field` holds every syllable, the last possibly as the start of a longer one."""
        *whole, last = self.syllables
        condition = Q(**{f"{field}__contains": f" {last}"})
        for syllable in whole:
            condition &= Q(**{f"{field}__contains": f" {syllable} "})
        return condition

    def phrase(self, field):
        """Q: `field` holds the syllables next to each other, in the order typed."""
        return Q(**{f"{field}__contains": f" {' '.join(self.syllables)}"})

    def names(self, field):
        """Q: one of the names in `field` (a search_name) is exactly what was typed."""
        return Q(**{f"{field}__contains": f"| {' '.join(self.syllables)} |"})

    def is_name_of(self, stored_names):
        """Whether the query is exactly one of the names in `stored_names` (a stored_form())."""
        return f"| {' '.join(self.syllables)} |" in stored_names

    def names_exactly(self):
        """Q: the query is the first or the last name in search_name; every Searchable has at most
        two names (its Vietnamese and its English one), so this is names() in a form btree
        indexes serve (exact_name_indexes()): the trigram index of names() ignores the "|" and
        returns every name that holds the phrase, to be rechecked one by one. The rows need the
        alias `search_name_reversed` (Reverse("search_name"))."""
        name = f"{FIELD_BREAK}{' '.join(self.syllables)}{FIELD_BREAK}"
        return Q(search_name__startswith=name) | Q(search_name_reversed__startswith=name[::-1])

    def rank_conditions(self):
        """Q per rank, EXACT_NAME to ALL, each excluding the ranks before it (as rank() does),
        each a whole test of the rank: what it needs of search_text it says (for the name ranks
        nothing, search_text holding the names), so that it can stand without TextMatch."""
        return [
            self.names_exactly(),
            self.phrase("search_name") & ~self.names("search_name"),
            self.phrase("search_text") & ~self.phrase("search_name"),
            self.every_syllable("search_name") & ~self.phrase("search_text"),
            self.every_syllable("search_text") & ~self.every_syllable("search_name") & ~self.phrase("search_text"),
        ]

    def rank(self):
        return SearchRank(
            self,
            When(self.names("search_name"), then=EXACT_NAME),
            When(self.phrase("search_name"), then=PHRASE_IN_NAME),
            When(self.phrase("search_text"), then=PHRASE),
            When(self.every_syllable("search_name"), then=ALL_IN_NAME),
            default=ALL,
            output_field=models.IntegerField(),
        )


class TextMatch(models.Expression):
    """The filter of a search: search_text holds every syllable (SearchQuery.every_syllable).

    An expression of its own, not a plain Q, so that ranked_keys() can find it and leave it out:
    each rank's test already implies it, and for a rank tested on the names it is the costly
    part. A report's search_text holds its whole article; PostgreSQL has no statistics for such
    long values, takes the three LIKE tests as nearly never true, and so read every report holding
    "chuyen doi so" (all of them) from the trigram index and rechecked their texts, 160 ms, to
    find the first ten whose title holds it, which the slug index finds in a millisecond.
    """

    conditional = True
    output_field = models.BooleanField()

    def __init__(self, search_query):
        super().__init__()
        self.search_query = search_query
        self.condition = search_query.every_syllable("search_text")

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        resolved = self.copy()
        resolved.condition = self.condition.resolve_expression(query, allow_joins, reuse, summarize, for_save)
        return resolved

    def as_sql(self, compiler, connection):
        return compiler.compile(self.condition)


def without_text_match(rows):
    """`rows` without the TextMatch filter of their search (a copy; `rows` are unchanged)."""
    rows = rows.all()
    where = rows.query.where
    if where.connector == AND and not where.negated:  # else leaving a test out would widen the rows
        where.children = [child for child in where.children if not isinstance(getattr(child, "lhs", None), TextMatch)]
    return rows


class SearchRank(Case):
    """The rank of a searched row (search_rank); it keeps its query, for ranked_keys()."""

    def __init__(self, search_query, *cases, **extra):
        self.search_query = search_query
        super().__init__(*cases, **extra)


def is_ranked_search(rows):
    """Whether `rows` are a search in rank order (not re-sorted by the reader's `sort`)."""
    rank = rows.query.annotations.get("search_rank")
    return isinstance(rank, SearchRank) and tuple(rows.query.order_by) == ("search_rank", *WITHIN_RANK)


def ranked_keys(rows, bottom, top, up_to=ALL):
    """The keys of rows[bottom:top] of a ranked search (is_ranked_search), read rank by rank and
    no further than `top` (see the module docstring); ranks after `up_to` are not read."""
    rank = rows.query.annotations["search_rank"]
    base = without_text_match(rows).order_by().alias(search_name_reversed=Reverse("search_name"))
    keys = []
    for condition in rank.search_query.rank_conditions()[: up_to + 1]:
        if len(keys) >= top:
            break
        keys += base.filter(condition).order_by(*WITHIN_RANK).values_list("pk", flat=True)[: top - len(keys)]
    return keys[bottom:top]


class SearchableQuerySet(models.QuerySet):
    def search(self, query):
        """Rows holding every syllable of `query`, best first (annotated `search_rank`).

        "tu le" finds "Tú Lệ", and also "từ ... lệ" apart, ranked after every phrase match;
        `phrase_first_counts()` tells a page how many of each there are.
        """
        parsed = query if isinstance(query, SearchQuery) else SearchQuery.parse(query)
        if not parsed:
            # Nothing typed: every row. Only punctuation or a lone mark: nothing can match it.
            # Ranked all the same, so that callers may count and filter by rank as for any query.
            rows = self if isinstance(query, str) and not query.strip() else self.none()
            return rows.annotate(search_rank=models.Value(ALL, output_field=models.IntegerField()))
        return self.filter(TextMatch(parsed)).annotate(search_rank=parsed.rank()).order_by("search_rank", *WITHIN_RANK)

    def phrase_matches(self):
        """Of searched rows, those that hold the query as a phrase (ranks up to PHRASE)."""
        return self.filter(search_rank__lte=PHRASE)

    def capped_count(self, limit=COUNT_LIMIT):
        """How many rows, counted up to `limit` + 1: more than `limit` when it returns limit + 1."""
        return self.order_by()[: limit + 1].count()

    def phrase_first_counts(self, limit=COUNT_LIMIT):
        """(all, phrase) counts of searched rows, each counted up to `limit` + 1.

        One reading of the first `limit` + 1 rows counts both, unless there are more rows than
        that and some of those read miss the phrase; only then are the phrase matches counted
        on their own. A query typed in full ("chuyen doi so") mostly finds its phrase, so one
        reading usually does, which halves the first count after a data change.
        """
        if self.query.is_empty():
            return 0, 0
        sql, params = self.order_by().values("search_rank")[: limit + 1].query.sql_with_params()
        with connections[self.db].cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*), COALESCE(SUM(CASE WHEN search_rank <= %s THEN 1 ELSE 0 END), 0) FROM ({sql}) capped",
                [PHRASE, *params],
            )
            total, phrase = cursor.fetchone()
        if total > limit and phrase <= limit:
            phrase = self.phrase_matches().capped_count(limit)
        return total, phrase


class Searchable(models.Model):
    """A model with stored, folded copies of its searchable text ("Tú Lệ" -> " | tu le | ")."""

    search_name = models.TextField(editable=False, default="")
    search_text = models.TextField(editable=False, default="")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.set_search_columns()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_name", "search_text"}
        super().save(*args, **kwargs)

    def set_search_columns(self):
        """Write the values save() stores; bulk writers (bulk_create) call it themselves."""
        names = self.search_names()
        self.search_name = stored_form(names)
        self.search_text = stored_form([*names, *self.search_parts()])

    def search_names(self):
        """The record's own names and titles (a match there ranks first)."""
        raise NotImplementedError

    def search_parts(self):
        """Everything else searchable about the record."""
        raise NotImplementedError


def match_spans(text, query):
    """The (start, end) of the syllables of `text` to highlight for `query`, merged.

    Whole syllables only, as written ("tu le" marks "Tú" and "Lệ", never "Tu" of "Tuyên"), and
    for a query of several syllables only where at least two of them follow each other as typed
    ("lao cai chuyen doi so" marks "Lào Cai" and "chuyển đổi số"; "tu le" marks nothing in "từ
    đầu, lệ phí", whose syllables only happen to be there).
    """
    parsed = query if isinstance(query, SearchQuery) else SearchQuery.parse(query)
    if not text or not parsed:
        return []
    found = syllables(text)
    tokens = [token for token, _, _ in found]
    wanted, count = parsed.syllables, len(parsed.syllables)

    def matches(token, position):
        """The query's syllable at `position` is this whole syllable (the last: its start)."""
        return token.startswith(wanted[position]) if position == count - 1 else token == wanted[position]

    def run(index, position):
        """How many syllables from `index` on follow the query's from `position` on."""
        length = 0
        while (
            index + length < len(tokens)
            and position + length < count
            and matches(tokens[index + length], position + length)
        ):
            length += 1
        return length

    shortest = min(2, count)
    marked = set()
    for index in range(len(tokens)):
        length = max(run(index, position) for position in range(count))
        if length >= shortest:
            marked.update(range(index, index + length))
    merged = []
    for start, end in sorted({found[index][1:] for index in marked}):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def snippet(text, query, width):
    """(start, end, spans): about `width` characters of `text` around the first match of `query`
    (match_spans), and the spans within them. The text is read line by line up to the first line
    with a match: a report's article runs to thousands of syllables, and its snippet needs the
    first match only. A phrase is matched within a line, as a reader reads it."""
    first = None
    offset = 0
    for line in text.splitlines(keepends=True):
        spans = match_spans(line, query)
        if spans:
            first = offset + spans[0][0]
            break
        offset += len(line)
    start = max(0, first - width // 3) if first is not None else 0
    end = min(len(text), start + width)
    if first is None:
        return start, end, []
    return start, end, [(start + s, start + e) for s, e in match_spans(text[start:end], query)]


# PostgreSQL: search tests `search_text LIKE '% word %'`; a GIN index with pg_trgm's operator
# class serves such patterns, so search reads the index instead of every row. SQLite has no such
# index and does not need one at its scale; the operation does nothing there.


def index_name(table, column="search_text"):
    return f"{table}_search_trgm" if column == "search_text" else f"{table}_{column}_trgm"


def trigram_search_indexes(app_label, *model_names, column="search_text"):
    """A migration operation creating (and on reverse, dropping) one index per model on `column`."""

    def tables(apps):
        return [apps.get_model(app_label, name)._meta.db_table for name in model_names]

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for table in tables(apps):
            name = index_name(table, column)
            schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ({column} gin_trgm_ops)')

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in tables(apps):
            schema_editor.execute(f'DROP INDEX IF EXISTS "{index_name(table, column)}"')

    return migrations.RunPython(create, drop, elidable=False)


# PostgreSQL: the exact-name rank (SearchQuery.names_exactly) tests the start of search_name and
# the start of its reverse; btree indexes with text_pattern_ops serve such LIKE 'prefix%' tests
# whatever the database's collation. SQLite needs none at its scale; the operation does nothing there.


def exact_name_index_names(table):
    return f"{table}_search_name_prefix", f"{table}_search_name_reversed"


def exact_name_indexes(app_label, *model_names):
    """A migration operation creating (and on reverse, dropping) the two indexes per model."""

    def tables(apps):
        return [apps.get_model(app_label, name)._meta.db_table for name in model_names]

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in tables(apps):
            prefix, reversed_ = exact_name_index_names(table)
            schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{prefix}" ON "{table}" (search_name text_pattern_ops)')
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{reversed_}" ON "{table}" (reverse(search_name) text_pattern_ops)'
            )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in tables(apps):
            for name in exact_name_index_names(table):
                schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')

    return migrations.RunPython(create, drop, elidable=False)
