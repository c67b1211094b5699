"""Conversations with citizens, their messages, and hand-offs to a person."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from pamong.ai.models import Decision
from pamong.catalog.models import Service


class Conversation(models.Model):
    """One citizen's thread on one channel; remembers the service being discussed."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    channel = models.CharField(max_length=20)  # web, api, telegram
    channel_user = models.CharField(max_length=120, blank=True, db_index=True)  # e.g. a Telegram chat id
    language = models.CharField(max_length=5, default="id")
    current_service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pending_options = models.JSONField(default=list, blank=True)  # slugs offered in a clarifying question
    unsure_count = models.PositiveSmallIntegerField(default=0)  # unsure replies in a row
    filing_token = models.CharField(max_length=64, blank=True)  # the draft of a guided filing in progress
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("percakapan")
        verbose_name_plural = _("percakapan")

    def __str__(self) -> str:
        return f"{self.channel}:{self.public_id}"


class Role(models.TextChoices):
    CITIZEN = "citizen", _("warga")
    ASSISTANT = "assistant", _("asisten")
    OFFICER = "officer", _("petugas")


class Message(models.Model):
    """What was said. Identifiers (NIK, phone, e-mail) are masked before a message is stored."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    role = models.CharField(max_length=10, choices=Role.choices)
    text = models.TextField()
    kind = models.CharField(max_length=20, blank=True)  # answer, follow_up, clarify, abstain, handoff, ...
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    quick_replies = models.JSONField(default=list, blank=True)
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.role}: {self.text[:40]}"


class HandoffStatus(models.TextChoices):
    OPEN = "open", _("menunggu petugas")
    CLAIMED = "claimed", _("ditangani")
    CLOSED = "closed", _("selesai")


# The reasons the assistant hands over, as stored (stable for queries) and as officers read them.
HANDOFF_REASONS = {"citizen asked for a person": _("warga meminta bicara dengan petugas")}


class Handoff(models.Model):
    """A citizen asked for a person, or the assistant could not help: an officer takes over."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="handoffs")
    reason = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=HandoffStatus.choices, default=HandoffStatus.OPEN)
    claimed_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("alih ke petugas")
        verbose_name_plural = _("alih ke petugas")

    def __str__(self) -> str:
        return f"handoff #{self.pk} ({self.status})"

    @property
    def reason_label(self) -> str:
        """The reason in the reader's language (an unknown one as stored)."""
        return str(HANDOFF_REASONS.get(self.reason, self.reason))


class ProcessedUpdate(models.Model):
    """Ids of messaging updates already handled: a replayed webhook call does nothing twice."""

    channel = models.CharField(max_length=20)
    update_id = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["channel", "update_id"], name="unique_update_per_channel")
        ]

    def __str__(self) -> str:
        return f"{self.channel}:{self.update_id}"


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("menunggu")
    SENT = "sent", _("terkirim")
    FAILED = "failed", _("gagal")


class OutboundMessage(models.Model):
    """A reply to send over a messaging channel; kept until sent, retried on failure."""

    channel = models.CharField(max_length=20)
    chat_id = models.CharField(max_length=120)
    text = models.TextField()
    buttons = models.JSONField(default=list, blank=True)
    rating_decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.channel}:{self.chat_id} ({self.status})"
