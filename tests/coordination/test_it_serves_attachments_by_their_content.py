"""Attachments come with the type their bytes show and nosniff, through the same check as report photos."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from tuijin.accounts.models import Role
from tuijin.coordination.models import Attachment

from ..factories import UserFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def attach(problem, name, content, content_type):
    row = Attachment(problem=problem, name=name, size=len(content), content_type=content_type)
    row.file.save(name, ContentFile(content), save=False)
    row.save()
    return row


def test_a_pdf_is_sent_as_a_pdf_download_whatever_type_was_stored(client, users, other_park, filed):
    # given an attachment whose stored type says HTML though its bytes are a PDF
    row = attach(filed, "批复.pdf", b"%PDF-1.4\n%%EOF\n", "text/html")
    client.force_login(users[Role.ENTERPRISE])

    # when the filer downloads it
    response = client.get(reverse("coordination_attachment", args=[row.pk]))

    # then it is a PDF download, and the browser is told not to guess
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"

    # and another park's staff get a 404, an anonymous visitor the login page
    client.force_login(UserFactory(role=Role.PARK_STAFF, organisation=other_park))
    assert client.get(reverse("coordination_attachment", args=[row.pk])).status_code == 404
    client.logout()
    anonymous = client.get(reverse("coordination_attachment", args=[row.pk]))
    assert anonymous.status_code == 302 and reverse("login") in anonymous["Location"]
