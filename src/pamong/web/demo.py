"""Demo data: the shipped catalog, a user per role, and a first measured evaluation."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group, User

from pamong.ai import evaluation
from pamong.ai.registry import get, sync_cards
from pamong.assistant.function import AssistantAnswer
from pamong.cases import demo as cases_demo
from pamong.catalog.importing import import_catalog
from pamong.catalog.search import CatalogSearch
from pamong.core import roles
from pamong.core.models import Unit
from pamong.core.units import load_units
from pamong.datahub import demo as datahub_demo
from pamong.documents.demo import load_letters
from pamong.insight import demo as insight_demo

DEMO_PASSWORD = "pamong-demo-2026"  # noqa: S105 - demo accounts only, printed at start
DEMO_USERS = {
    "petugas": roles.OFFICER,
    "supervisor": roles.SUPERVISOR,
    "analis": roles.ANALYST,
    "tatakelola": roles.AI_GOVERNANCE,
    "admin": roles.ADMIN,
    "arsiparis": roles.RECORDS_CLERK,
}
CATALOG_GLOB = "catalog/services-*.yaml"
EVAL_FILE = "eval/assistant_questions.csv"
UNITS_FILE = "units/units-demo.csv"
DEMO_UNITS_OF_STAFF = ("disdukcapil", "dpupr")
EVALUATED = (CatalogSearch.key, AssistantAnswer.key)


@dataclass(frozen=True)
class DemoSummary:
    services: int
    faq: int
    units: int
    cases: int
    users: list[str]
    evaluated: list[str]
    datasets: str = ""


def load_catalog() -> tuple[int, int]:
    files = sorted(settings.DATA_DIR.glob(CATALOG_GLOB))
    result = import_catalog([(path.name, path.read_bytes()) for path in files], actor="demo-data")
    return len(result.created) + len(result.updated), result.faq_count


def create_users() -> list[str]:
    """One demo account per role (password printed by the command; change it for real use).

    The officer and the supervisor work in the population office (Disdukcapil) and the
    public works office (DPUPR), so their queues have something in them.
    """
    roles.ensure_groups()
    created = []
    for username, role in DEMO_USERS.items():
        user, was_created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@demo.invalid"}
        )
        if was_created:
            user.set_password(DEMO_PASSWORD)
            user.is_staff = role in (roles.ADMIN, roles.SUPERVISOR, roles.AI_GOVERNANCE)
            user.is_superuser = role == roles.ADMIN
            user.save()
            created.append(username)
        user.groups.add(Group.objects.get(name=role))
        if role in (roles.OFFICER, roles.SUPERVISOR):
            user.units.add(*Unit.objects.filter(code__in=DEMO_UNITS_OF_STAFF))
    return created


def evaluate(key: str) -> bool:
    """Measure a function on the shipped question set, once per model version."""
    path = settings.DATA_DIR / EVAL_FILE
    function = get(key)
    if not path.exists():
        return False
    card = next(card for card in sync_cards() if card.key == key)
    measured = card.evaluations.filter(
        model_version=function.model_version(), dataset_sha256=evaluation.file_sha256(path)
    )
    if measured.exists():
        return False
    evaluation.run(key, {"csv": str(path)}, actor="demo-data")
    return True


def load() -> DemoSummary:
    units = load_units(settings.DATA_DIR / UNITS_FILE, actor="demo-data")
    services, faq = load_catalog()
    users = create_users()
    cases = cases_demo.load()
    evaluated = [key for key in EVALUATED if evaluate(key)]
    datasets = datahub_demo.load(User.objects.filter(username="analis").first())
    load_letters()
    insight_demo.load()
    return DemoSummary(services, faq, units, cases, users, evaluated, datasets)
