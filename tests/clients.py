"""How tests act as a member: a client of their own per user, the messages a response left and the text it shows."""

import html

from django.contrib.messages import get_messages
from django.test import Client


def as_user(user) -> Client:
    """A fresh client signed in as `user` (anonymous for None); staff with TOTP also with their code."""
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def messages_of(response) -> list[str]:
    """The flash messages a response queued or showed, as text."""
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


def text_of(response) -> str:
    """The page's HTML with its entities decoded, for checking what a reader sees."""
    return html.unescape(response.content.decode())
