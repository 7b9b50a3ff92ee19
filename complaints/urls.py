from .views import center, desk, leader, public, register, stats, unit

app_name = "complaints"

# Each audience's module declares its own patterns.
urlpatterns = [
    *public.urlpatterns,
    *register.urlpatterns,
    *center.urlpatterns,
    *unit.urlpatterns,
    *leader.urlpatterns,
    *desk.urlpatterns,
    *stats.urlpatterns,
]
