"""A report's site photo is served through a permission check with a sniffed type, never from a public /media/ URL."""

import io
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from tuijin.accounts.models import Role
from tuijin.progress import actions
from tuijin.progress.models import ReportPhoto

from ..factories import UserFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def photo(project):
    report = actions.save_draft(project, 2026, 3, actor=None, data={"completed_investment": Decimal("100")})
    return ReportPhoto.objects.create(report=report, image=ContentFile(png_bytes(), name="工地.png"), caption="主体封顶")


def test_the_enterprise_and_its_reviewer_get_the_photo(client, users, photo):
    for role in (Role.ENTERPRISE, Role.PARK_STAFF):
        # given the enterprise that uploaded it, then the park that reviews it
        client.force_login(users[role])

        # when they open the photo
        response = client.get(reverse("progress_photo", args=[photo.pk]))

        # then it is the picture, typed by its content, shown inline, and the browser told not to guess
        assert response.status_code == 200, role
        assert b"".join(response.streaming_content) == png_bytes()
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("inline;")


def test_the_project_page_links_the_photo_through_the_check_not_media(client, users, photo, project):
    # given the photo of a March report
    client.force_login(users[Role.PARK_STAFF])

    # when the park opens the project's progress
    html = client.get(reverse("progress_project", args=[project.pk]), {"year": 2026}).content.decode()

    # then the photo is linked through the checked address, not under /media/
    assert reverse("progress_photo", args=[photo.pk]) in html
    assert "/media/" not in html


def test_another_parks_staff_get_a_404(client, other_park, photo):
    # given staff of another park
    client.force_login(UserFactory(role=Role.PARK_STAFF, organisation=other_park))

    # when they guess the photo's address
    response = client.get(reverse("progress_photo", args=[photo.pk]))

    # then it does not exist for them
    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, photo):
    # when someone not logged in opens the photo
    response = client.get(reverse("progress_photo", args=[photo.pk]))

    # then they are sent to the login page
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_file_that_is_not_a_picture_is_downloaded_not_shown(client, users, project):
    # given a "photo" whose bytes are HTML (stored without going through the form's check)
    report = actions.save_draft(project, 2026, 4, actor=None, data={"completed_investment": Decimal("1")})
    photo = ReportPhoto.objects.create(report=report, image=ContentFile(b"<html><script>alert(1)</script>",
                                                                        name="x.png"))
    client.force_login(users[Role.ENTERPRISE])

    # when it is opened
    response = client.get(reverse("progress_photo", args=[photo.pk]))

    # then it comes as an opaque download, never as a page the browser would run
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_photo_whose_file_is_gone_is_a_404_not_a_500(client, users, photo):
    # given a photo whose file was removed from disk
    photo.image.storage.delete(photo.image.name)
    client.force_login(users[Role.ENTERPRISE])

    # when it is opened
    response = client.get(reverse("progress_photo", args=[photo.pk]))

    # then it is a 404
    assert response.status_code == 404
