"""An Open311 client's ``media_url``, kept on the case and never fetched."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_append_only")]
    operations = [
        migrations.AddField(
            model_name="case",
            name="media_url",
            field=models.URLField(blank=True, max_length=2000, verbose_name="tautan media"),
        ),
    ]
