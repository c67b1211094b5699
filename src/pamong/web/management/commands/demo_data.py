from django.core.management.base import BaseCommand

from pamong.web import demo


class Command(BaseCommand):
    help = "Load the shipped catalog, one demo user per role, and a first evaluation (idempotent)."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        summary = demo.load()
        self.stdout.write(f"units: {summary.units}")
        if summary.cases:
            self.stdout.write(f"demo cases: {summary.cases} (generated, channel 'demo')")
        self.stdout.write(f"catalog: {summary.services} services, {summary.faq} FAQ entries")
        if summary.users:
            self.stdout.write(
                f"demo users created: {', '.join(summary.users)} (password: {demo.DEMO_PASSWORD})"
            )
        if summary.datasets:
            self.stdout.write(f"datasets: {summary.datasets}")
        for key in summary.evaluated:
            self.stdout.write(f"{key} evaluated on data/eval/assistant_questions.csv")
