from django.db import migrations

from portal.core.search import exact_name_indexes


class Migration(migrations.Migration):
    dependencies = [("lessons", "0007_search_name")]

    operations = [exact_name_indexes("lessons", "Lesson", "Initiative")]
