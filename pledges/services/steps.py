"""The review steps of a pledge or a fulfilment report other than approval, which publishes at
once (pledge_publish, fulfilment_accept)."""

from django.utils.translation import gettext as _

from efficiency_center.errors import DomainError
from efficiency_center.workflow import step

PUBLISHING_ACTIONS = ("approve", "publish")


def document_step(*, document, user, action, expected_version, comment="", at=None):
    """Sign off, endorse, send back or return `document`; recorded and notified by the step."""
    if action in PUBLISHING_ACTIONS:
        raise DomainError(_("Approval publishes the document: use the approval form."))
    return step(
        document, action, actor=user, expected_version=expected_version, comment=comment, at=at
    )
