"""Signing test clients in as the login page would."""

from portal.core.pagecache import EDITOR_MARK_COOKIE, editor_mark


def with_editor_mark(client):
    """What signing in through the login page gives a staff user's browser besides the session
    (portal/core/pagecache.py); force_login alone does not."""
    client.cookies[EDITOR_MARK_COOKIE] = editor_mark(client.session.session_key)
    return client
