from django.db import migrations

from portal.core.search import trigram_search_indexes


class Migration(migrations.Migration):
    dependencies = [("lessons", "0001_initial")]

    operations = [trigram_search_indexes("lessons", "Lesson", "Initiative")]
