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
    ("complaints:file", _("File a complaint")),
    ("complaints:query", _("Follow my complaint")),
    ("complaints:statistics", _("Complaint statistics")),
    ("selection:public_index", _("Ten best")),
    ("notice_list", _("Public notices")),
]

BY_ROLE = {
    Role.STAFF: [
        ("dashboard", _("Workbench")),
        ("pledges:mine", _("Our pledge")),
        ("practice_projects:mine", _("Our projects")),
        ("achievements:mine", _("Our achievements")),
        ("complaints:unit_queue", _("Complaints to handle")),
    ],
    Role.HEAD: [
        ("dashboard", _("Workbench")),
        ("signoffs", _("Awaiting my sign-off")),
        ("pledges:mine", _("Our pledge")),
        ("practice_projects:mine", _("Our projects")),
        ("achievements:mine", _("Our achievements")),
        ("complaints:unit_queue", _("Complaints to handle")),
    ],
    Role.CLERK: [
        ("dashboard", _("Workbench")),
        ("pledges:review_queue", _("Pledges to review")),
        ("practice_projects:review_queue", _("Projects to review")),
        ("practice_projects:desk", _("Plans and projects desk")),
        ("achievements:review_queue", _("Achievements to verify")),
        ("achievements:desk", _("Achievements desk")),
        ("complaints:center_queue", _("Complaints")),
        ("selection:desk", _("Year-end selection")),
        ("assessment:table", _("Assessment")),
        ("unit_directory", _("Unit directory")),
    ],
    Role.LEADER: [
        ("dashboard", _("Workbench")),
        ("complaints:leader_queue", _("Complaints awaiting me")),
        ("pledges:breach_queue", _("Pledges not kept")),
        ("practice_projects:desk", _("Plans and projects desk")),
        ("achievements:desk", _("Achievements desk")),
        ("complaints:center_queue", _("Complaints")),
        ("selection:desk", _("Year-end selection")),
        ("assessment:table", _("Assessment")),
        ("assessment:overview", _("County overview")),
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
    for name, label in entries:
        try:
            items.append({"url": reverse(name), "label": label, "name": name})
        except NoReverseMatch:
            continue
    return items


def public_items():
    return _resolved(PUBLIC)


def items_for(user):
    if not user.is_authenticated:
        return []
    role = Role.ADMIN if user.is_superuser else user.role
    return _resolved(BY_ROLE.get(role, []))
