"""What the last load wrote, so that the next one can tell an editor's edit from old data."""

from django.db import models


class LoadedVersion(models.Model):
    """The version of one record as `load_portal_data` last left it.

    A record whose version has moved on since was saved by someone else (an editor in the
    admin): the loader keeps that edit instead of putting the fixtures' values back, unless it
    is told to overwrite edits. A record without a row here has never been written by a load.
    """

    model = models.CharField(max_length=60)  # "lessons.Lesson"
    key = models.CharField(max_length=200)  # the slug (unique per model, localities included)
    version = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["model", "key"], name="loaded_version_one_per_record")]

    def __str__(self):
        return f"{self.model} {self.key}: v{self.version}"
