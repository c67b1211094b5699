from django.urls import path

from pamong.assistant import console, views
from pamong.assistant.channels.telegram import webhook

app_name = "assistant"

urlpatterns = [
    path("tanya/", views.chat, name="chat"),
    path("tanya/kirim", views.send, name="send"),
    path("tanya/baru", views.reset, name="reset"),
    path("tanya/nilai", views.rate_answer, name="rate"),
    path("channels/telegram/webhook", webhook.receive, name="telegram-webhook"),
    path("staf/alih/", console.queue, name="handoffs"),
    path("staf/alih/<int:pk>/", console.detail, name="handoff"),
]
