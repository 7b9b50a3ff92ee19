"""The center's own contact details are settings, shown wherever a citizen or a unit looks for
them: the home page, the complaint form, the query page, the e-mails."""

import pytest
from django.core import mail
from django.urls import reverse

from efficiency_center import notifications

pytestmark = pytest.mark.django_db
CONTACT = {
    "CENTER_ADDRESS": "县政府大楼101室",
    "CENTER_HOTLINE": "0517-86912345",
    "CENTER_EMAIL": "jhxnzx@126.com",
}


@pytest.fixture
def contact(settings):
    for name, value in CONTACT.items():
        setattr(settings, name, value)
    return CONTACT


@pytest.mark.parametrize("url_name", ["home", "complaints:file", "complaints:query"])
def test_shown_on_the_public_pages(client, campaign, contact, url_name):
    page = client.get(reverse(url_name)).content.decode()
    for value in contact.values():
        assert value in page
    assert 'href="tel:0517-86912345"' in page and 'href="mailto:jhxnzx@126.com"' in page


def test_in_every_email(users, contact, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify([users["staff_a"]], "您的公开承诺已被退回", url="/pledges/")
    (message,) = mail.outbox
    for value in contact.values():
        assert value in message.body
    assert "/pledges/" in message.body


def test_the_defaults_are_the_notices(settings):
    assert settings.CENTER_ADDRESS.startswith("县政府大楼101室")
    assert settings.CENTER_EMAIL == "jhxnzx@126.com"
