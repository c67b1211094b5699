"""A conversation with the assistant for tests: ``say(text)`` answers as the web chat does."""

from __future__ import annotations

from pamong.assistant.dialog import respond, start


def conversation_with_assistant(channel: str = "test"):  # type: ignore[no-untyped-def]
    """``say(text)`` returns the reply; ``say.conversation`` is the conversation."""
    conversation = start(channel)

    def say(text: str):  # type: ignore[no-untyped-def]
        return respond(conversation, text)

    say.conversation = conversation
    return say
