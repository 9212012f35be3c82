from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile_edit, name="profile_edit"),
    path("profile/places/", views.place_suggest, name="place_suggest"),
    path("skills/", views.skills, name="skills"),
    path("skills/<int:pk>/remove/", views.skill_remove, name="skill_remove"),
]
