from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("saved/", views.saved_list, name="saved_list"),
    path("saved/new/", views.saved_create, name="saved_create"),
    path("saved/<int:pk>/frequency/", views.saved_frequency, name="saved_frequency"),
    path("saved/<int:pk>/delete/", views.saved_delete, name="saved_delete"),
    path("saved/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("record/", views.record, name="record"),
    path("shown/", views.shown, name="shown"),
    path("click/", views.click, name="click"),
    # Here rather than under the directory, where /freelancers/suggest/ could be a profile's address.
    path("suggest/", views.suggest, name="suggest"),
]
