"""E-mail through the task queue: ``send_mail`` returns at once and a worker delivers.

Set as ``EMAIL_BACKEND`` when tasks go to the database queue (``config/services.py``); the
worker delivers with ``KMP_EMAIL_DELIVERY_BACKEND`` (the SMTP backend), and a failed delivery
is retried like any task and shown in the admin's task list. Workflow notifications,
reminders, invitations and password resets all leave this way.
"""

from __future__ import annotations

import base64
from email.mime.base import MIMEBase

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django_tasks import task


def message_to_payload(message: EmailMessage) -> dict:
    """A JSON-serialisable copy of ``message`` (attachments base64-encoded)."""
    attachments = []
    for attachment in message.attachments:
        if isinstance(attachment, MIMEBase):
            raise ValueError("MIME attachments cannot be queued")
        filename, content, mimetype = attachment
        raw = content.encode() if isinstance(content, str) else content
        attachments.append([filename, base64.b64encode(raw).decode(), mimetype])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "content_subtype": message.content_subtype,
        "alternatives": [[str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])],
        "attachments": attachments,
    }


def payload_to_message(payload: dict, *, connection=None) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        cc=payload["cc"],
        bcc=payload["bcc"],
        reply_to=payload["reply_to"],
        headers=payload["headers"],
        connection=connection,
    )
    message.content_subtype = payload["content_subtype"]
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in payload["attachments"]:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


@task()
def deliver_email(payload: dict) -> int:
    """Send one queued e-mail with the delivery backend; raising lets the worker retry it."""
    connection = get_connection(settings.KMP_EMAIL_DELIVERY_BACKEND, fail_silently=False)
    return payload_to_message(payload, connection=connection).send()


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            deliver_email.enqueue(message_to_payload(message))
            count += 1
        return count
