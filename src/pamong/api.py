"""The JSON API: one NinjaAPI with a router per app, documented at /api/v1/docs."""

from ninja import NinjaAPI

from pamong.ai.api import router as ai_router
from pamong.assistant.api import router as assistant_router
from pamong.cases.api import router as cases_router
from pamong.catalog.api import router as catalog_router
from pamong.documents.api import router as documents_router
from pamong.insight.api import router as insight_router

api = NinjaAPI(title="pamong API", version="1", urls_namespace="api")
api.add_router("/catalog", catalog_router)
api.add_router("/ai", ai_router)
api.add_router("/assistant", assistant_router)
api.add_router("/documents", documents_router)
api.add_router("/cases", cases_router)
api.add_router("/insight", insight_router)
