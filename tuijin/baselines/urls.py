"""URLs of the baselines app."""

urlpatterns = []
