import pytest
from django.utils import translation

from tests.assessment.factories import make_ledger


@pytest.fixture(autouse=True)
def english(client, settings):
    """Assertions read the English msgids: pages in English (the footer's switch), and
    English outside requests, whatever the zh_Hans catalog holds."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def ledger(campaign, dept_a, dept_b, sub_of_a, users):
    return make_ledger(campaign, dept_a, dept_b, sub_of_a, users)
