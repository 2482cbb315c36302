"""Routes of the health checks and the metrics, outside every namespace of the register's pages."""

from django.urls import path

from . import health, views

urlpatterns = [
    path("health/live", health.live, name="health-live"),
    path("health/ready", health.ready, name="health-ready"),
    path("metrics", views.metrics, name="metrics"),
]
