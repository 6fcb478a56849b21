"""URLs of the nodeplans app."""

urlpatterns = []
