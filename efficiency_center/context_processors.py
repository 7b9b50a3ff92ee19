from django.conf import settings

from . import navigation, notifications, workdays


def site(request):
    user = request.user
    context = {
        "site_name": settings.SITE_NAME,
        "public_nav": navigation.public_items(),
        "role_nav": navigation.items_for(user),
    }
    if user.is_authenticated:
        context["unread_notifications"] = notifications.unread_count(user)
        if user.is_superuser or user.role == user.Role.ADMIN:
            context["calendar_warning_years"] = workdays.calendar_warning_years()
    return context
