"""A panel member reads the evidence of the shortlisted candidates before they are public."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from efficiency_center.uploads import attach
from tests.core.test_uploads import png_bytes
from tests.selection.factories import ReviewerFactory


@pytest.mark.django_db
def test_the_panel_reads_shortlisted_evidence_and_no_other_reviewer_does(
    client, users, lists, open_panel
):
    achievement = lists["deed_a"].achievement
    assert not achievement.is_public
    evidence = attach(achievement, SimpleUploadedFile("台账.png", png_bytes()), user=users["clerk"])
    url = reverse("attachment_download", args=[evidence.pk])
    client.force_login(users["reviewer"])
    assert client.get(url).status_code == 200
    client.force_login(ReviewerFactory(username="not_on_the_panel"))
    assert client.get(url).status_code == 404
    client.force_login(users["staff_b"])
    assert client.get(url).status_code == 404
