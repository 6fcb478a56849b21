"""Sending notifications: an inbox row per recipient, and an e-mail where the user has an address.

Mail goes out after the surrounding transaction commits, so a rolled-back action never
tells anyone it happened.
"""

import logging

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone

from .models import Notification, NotificationKind

log = logging.getLogger(__name__)


def notify(recipients, *, kind, title, body="", url="", email=True):
    """Put a message in each recipient's inbox (duplicates and inactive users skipped); returns the rows.

    ``kind`` must be a ``NotificationKind``: a misspelt kind fails here, not silently in someone's inbox filter.
    """
    kind = NotificationKind(kind)
    unique = {user.pk: user for user in recipients if user is not None and user.is_active}
    rows = Notification.objects.bulk_create(
        [Notification(recipient=user, kind=kind, title=title, body=body, url=url) for user in unique.values()]
    )
    if email:
        addressed = [row for row in rows if unique[row.recipient_id].email]
        if addressed:
            transaction.on_commit(lambda: _send(addressed, unique))
    return rows


def notify_many(messages, *, kind, email=True):
    """Many different messages in one insert: ``messages`` holds (recipients, title, body, url) tuples.

    For bulk actions, which tell each party once about its own rows; the query count does not grow
    with the number of messages. Duplicates within one message and inactive users are skipped.
    """
    kind = NotificationKind(kind)
    rows, users = [], {}
    for recipients, title, body, url in messages:
        unique = {user.pk: user for user in recipients if user is not None and user.is_active}
        users.update(unique)
        rows.extend(Notification(recipient=user, kind=kind, title=title, body=body, url=url)
                    for user in unique.values())
    rows = Notification.objects.bulk_create(rows)
    if email:
        addressed = [row for row in rows if users[row.recipient_id].email]
        if addressed:
            transaction.on_commit(lambda: _send(addressed, users))
    return rows


def _send(rows, users):
    base = getattr(settings, "TUIJIN_BASE_URL", "")
    messages = [
        (f"【推进】{row.title}", f"{row.body}\n\n{base}{row.url}".strip(), settings.DEFAULT_FROM_EMAIL,
         [users[row.recipient_id].email])
        for row in rows
    ]
    try:
        send_mass_mail(messages, fail_silently=False)
    except Exception:  # a mail server being down must not undo the work that was done
        log.exception("sending %d notification e-mails failed", len(messages))
        return
    Notification.objects.filter(pk__in=[row.pk for row in rows]).update(emailed_at=timezone.now())


def unread_count(user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
