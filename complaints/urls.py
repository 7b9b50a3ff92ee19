from .views import center, desk, leader, overdue, public, register, stats, unit

app_name = "complaints"

# Each audience's module declares its own patterns.
urlpatterns = [
    *public.urlpatterns,
    *register.urlpatterns,
    *center.urlpatterns,
    *overdue.urlpatterns,
    *unit.urlpatterns,
    *leader.urlpatterns,
    *desk.urlpatterns,
    *stats.urlpatterns,
]
