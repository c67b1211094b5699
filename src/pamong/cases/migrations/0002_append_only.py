from django.db import migrations

from pamong.core.append_only import append_only


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [append_only("cases_caseevent"), append_only("cases_caserating")]
