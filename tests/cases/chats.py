"""The assistant's chat as the cases tests drive it (filing one question at a time)."""

from __future__ import annotations


def chat_in(channel: str, capture, channel_user: str = ""):  # type: ignore[no-untyped-def]
    """A conversation with the assistant on ``channel``: ``say(text)`` answers (after-commit work
    run through ``capture``, pytest-django's ``django_capture_on_commit_callbacks``);
    ``say.conversation`` is the conversation; ``say(text, photo=guided.SentPhoto(...))`` sends a photo."""
    from pamong.assistant import dialog

    conversation = dialog.start(channel, channel_user=channel_user)

    def say(text: str, photo=None):  # type: ignore[no-untyped-def]
        with capture(execute=True):
            reply = dialog.respond(conversation, text, photo=photo)
        conversation.refresh_from_db()
        return reply

    say.conversation = conversation
    return say
