from django.conf import settings

from . import navigation, notifications, workdays


def site(request):
    user = request.user
    context = {
        "site_name": settings.SITE_NAME,
        "center_contact": center_contact(),
        "public_nav": navigation.public_items(),
        "role_nav": navigation.items_for(user),
    }
    if user.is_authenticated:
        context["unread_notifications"] = notifications.unread_count(user)
        if user.is_superuser or user.role == user.Role.ADMIN:
            context["calendar_warning_years"] = workdays.calendar_warning_years()
    return context


def center_contact():
    """The center's address, complaint hotline and mailbox (settings), as pages show them."""
    return {
        "address": settings.CENTER_ADDRESS,
        "hotline": settings.CENTER_HOTLINE,
        "email": settings.CENTER_EMAIL,
    }
