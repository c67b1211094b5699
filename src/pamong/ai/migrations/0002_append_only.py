from django.db import migrations

from pamong.ai.retention import LEGAL_MINIMUM_DAYS
from pamong.core.append_only import append_only, append_only_with_retention


class Migration(migrations.Migration):
    dependencies = [("ai", "0001_initial")]
    operations = [
        append_only_with_retention("ai_decision", "created_at", LEGAL_MINIMUM_DAYS),
        append_only_with_retention("ai_decisionreview", "created_at", LEGAL_MINIMUM_DAYS),
        append_only_with_retention("ai_feedback", "created_at", LEGAL_MINIMUM_DAYS),
        append_only("ai_evaluationrun"),
    ]
