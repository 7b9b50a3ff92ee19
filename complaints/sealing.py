"""The complainant's identity must not travel: the check every text leaving the center passes
(what the unit is told, a public notice, a typical case)."""

import re

from django.utils.translation import gettext as _

from efficiency_center.errors import Invalid

from .models import Complainant

_SEPARATORS = re.compile(r"[\s\-－—()（）+]")


def identifying_parts(complaint, *texts):
    """Which of the complainant's name, phone and address `texts` contain (labels only: the
    message never repeats them)."""
    try:
        complainant = complaint.complainant
    except Complainant.DoesNotExist:
        return []
    joined = "\n".join(texts)
    compact = _SEPARATORS.sub("", joined)
    found = []
    name = complainant.name.strip()
    if len(name) >= 2 and name in joined:
        found.append(_("name"))
    phone = _SEPARATORS.sub("", complainant.phone)
    if len(phone) >= 7 and phone in compact:
        found.append(_("phone"))
    address = complainant.address.strip()
    if len(address) >= 4 and address in joined:
        found.append(_("address"))
    return found


def refuse_identifying(complaint, field, *texts, message=None):
    parts = identifying_parts(complaint, *texts)
    if parts:
        message = message or _(
            "The text contains the complainant's %(parts)s: remove it, it must not be published."
        )
        raise Invalid({field: message % {"parts": "、".join(parts)}}, code="identifying")


def publishable(complaint, *, title, body, title_missing, body_missing):
    """The (title, body) of a text the center publishes about the case, stripped; refused when
    empty, too long or naming the complainant."""
    from .services.common import required_text

    title = required_text(title, "title", title_missing)
    if len(title) > 200:
        raise Invalid({"title": _("At most 200 characters, please.")})
    body = required_text(body, "body", body_missing)
    refuse_identifying(complaint, "title", title)
    refuse_identifying(complaint, "body", body)
    return title, body
