from django.db import migrations

from portal.core.search import trigram_search_indexes


class Migration(migrations.Migration):
    dependencies = [("provinces", "0001_initial")]

    operations = [trigram_search_indexes("provinces", "Report", "Province", "Locality", "Indicator")]
