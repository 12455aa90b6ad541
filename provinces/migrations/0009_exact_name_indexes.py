from django.db import migrations

from portal.core.search import exact_name_indexes


class Migration(migrations.Migration):
    dependencies = [("provinces", "0008_search_name")]

    operations = [exact_name_indexes("provinces", "Report", "Province", "Locality", "Indicator")]
