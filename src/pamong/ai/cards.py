"""A card as plain data, for ``pamong ai list --json`` and the API."""

from __future__ import annotations

from typing import Any

from pamong.ai.models import AIFunctionCard
from pamong.ai.monitoring import figures


def card_dict(card: AIFunctionCard) -> dict[str, Any]:
    stats = figures(card)
    latest = stats.latest_evaluation
    return {
        "key": card.key,
        "name": {"id": card.name_id, "en": card.name_en},
        "purpose": {"id": card.purpose_id, "en": card.purpose_en},
        "owner_unit": card.owner_unit,
        "risk_level": card.get_risk_level_display().split(" ")[0],
        "oversight": card.oversight,
        "data_used": card.data_used,
        "personal_data": card.personal_data,
        "model_version": card.model_version,
        "threshold": card.threshold,
        "notice": {"id": card.notice_id, "en": card.notice_en},
        "latest_evaluation": None
        if latest is None
        else {
            "model_version": latest.model_version,
            "dataset": latest.dataset,
            "n": latest.n,
            "metrics": latest.metrics,
            "baselines": latest.baselines,
            "at": latest.created_at.isoformat(),
        },
        "decisions_30d": stats.decisions_30d,
        "override_rate": stats.override_rate,
        "satisfaction": stats.satisfaction,
    }
