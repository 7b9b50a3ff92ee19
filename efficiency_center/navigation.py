"""The navigation fitted to each role. An entry whose page is not built yet is left out, so the
menu grows as the apps add their URLs."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .models import User

Role = User.Role

PUBLIC = [
    ("pledges:public_list", _("Public pledges")),
    ("practice_projects:public_list", _("Practice projects")),
    ("achievements:public_list", _("Service achievements")),
    (
        _("Complaints"),
        [
            ("complaints:file", _("File a complaint")),
            ("complaints:query", _("Follow my complaint")),
            ("complaints:statistics", _("Complaint statistics")),
            ("complaints:typical_cases", _("Typical cases")),
        ],
    ),
    ("selection:public_index", _("Ten best")),
    ("notice_list", _("Public notices")),
]

# A (label, [entries]) pair is a drop-down group, so that busy roles keep a one-line menu.
YEAR_END = (
    _("Year end"),
    [
        ("selection:desk", _("Year-end selection")),
        ("assessment:table", _("Assessment")),
        ("assessment:overview", _("County overview")),
        ("assessment:unit_index", _("Per-unit view")),
    ],
)
UNIT_MENU = [
    ("dashboard", _("Workbench")),
    ("pledges:mine", _("Our pledge")),
    ("practice_projects:mine", _("Our projects")),
    ("achievements:mine", _("Our achievements")),
    ("complaints:unit_queue", _("Complaints to handle")),
    ("assessment:unit_index", _("Our year")),
]

BY_ROLE = {
    Role.STAFF: UNIT_MENU,
    Role.HEAD: [UNIT_MENU[0], ("signoffs", _("Awaiting my sign-off")), *UNIT_MENU[1:]],
    Role.CLERK: [
        ("dashboard", _("Workbench")),
        ("pledges:review_queue", _("Pledges to review")),
        (
            _("Projects and achievements"),
            [
                ("practice_projects:review_queue", _("Projects to review")),
                ("practice_projects:desk", _("Plans and projects desk")),
                ("achievements:review_queue", _("Achievements to verify")),
                ("achievements:desk", _("Achievements desk")),
            ],
        ),
        ("complaints:center_queue", _("Complaints")),
        YEAR_END,
        ("unit_directory", _("Unit directory")),
    ],
    Role.LEADER: [
        ("dashboard", _("Workbench")),
        ("complaints:leader_queue", _("Complaints awaiting me")),
        ("pledges:breach_queue", _("Pledges not kept")),
        ("complaints:center_queue", _("Complaints")),
        (
            _("Desks"),
            [
                ("practice_projects:desk", _("Plans and projects desk")),
                ("achievements:desk", _("Achievements desk")),
            ],
        ),
        YEAR_END,
        ("unit_directory", _("Unit directory")),
    ],
    Role.REVIEWER: [
        ("dashboard", _("Workbench")),
        ("selection:my_scores", _("Candidates to score")),
    ],
    Role.ADMIN: [
        ("dashboard", _("Workbench")),
        ("unit_directory", _("Unit directory")),
        ("admin:index", _("System administration")),
    ],
}


def _resolved(entries):
    items = []
    for name, target in entries:
        if isinstance(target, list):
            children = _resolved(target)
            if children:
                items.append({"label": name, "children": children})
            continue
        try:
            items.append({"url": reverse(name), "label": target, "name": name})
        except NoReverseMatch:
            continue
    return items


def public_items():
    return _resolved(PUBLIC)


def public_links():
    """The public pages as one flat list (the home page's cards)."""
    flat = []
    for item in public_items():
        flat.extend(item.get("children", [item]))
    return flat


def items_for(user):
    if not user.is_authenticated:
        return []
    role = Role.ADMIN if user.is_superuser else user.role
    return _resolved(BY_ROLE.get(role, []))
