from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("bookings/<int:pk>/fund/", views.fund, name="fund"),
    path("bookings/<int:pk>/funded/", views.funded, name="funded"),
    path("bookings/<int:pk>/release/", views.release, name="release"),
    path("bookings/<int:pk>/dispute/", views.dispute, name="dispute"),
    path("payouts/", views.payouts, name="payouts"),
    path("simulated/checkout/<str:checkout_id>/", views.simulated_checkout, name="simulated_checkout"),
    path("simulated/onboarding/", views.simulated_onboarding, name="simulated_onboarding"),
    path("", views.history, name="history"),
    path("export.csv", views.history_export, name="history_export"),
    path("<int:pk>/receipt/", views.receipt, name="receipt"),
    path("<int:pk>/receipt.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("methods/refresh/", views.methods_refresh, name="methods_refresh"),
    path("methods/<int:pk>/remove/", views.method_remove, name="method_remove"),
]
