"""Public URL of the officer's set-password link; include it in the host site's urls."""

from django.urls import path

from .views import invitation_accept_view

urlpatterns = [
    path("<str:uidb64>/<str:token>/", invitation_accept_view, name="kmp_invitation_accept"),
]
