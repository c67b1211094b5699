from django.urls import re_path

from pamong.cases import open311

app_name = "open311"
FMT = r"\.(?P<fmt>[a-z]+)$"

urlpatterns = [
    re_path(r"^discovery" + FMT, open311.discovery, name="discovery"),
    re_path(r"^services" + FMT, open311.services, name="services"),
    re_path(r"^services/(?P<code>[\w-]+)" + FMT, open311.service_definition, name="service"),
    re_path(r"^requests" + FMT, open311.requests, name="requests"),
    re_path(r"^requests/(?P<request_id>[\w-]+)" + FMT, open311.request_detail, name="request"),
    re_path(r"^tokens/(?P<token_id>[\w-]+)" + FMT, open311.token, name="token"),
    # Last: any other path (no extension, a capital .JSON, a dot in an id) gets the spec's 404, not HTML.
    re_path(r"^(?P<path>.*)$", open311.unknown, name="unknown"),
]
