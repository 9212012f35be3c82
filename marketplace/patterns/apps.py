from django.apps import AppConfig


class PatternsConfig(AppConfig):
    """The design system's pattern page (/styleguide/): on top of every app, whose real
    components it shows; no app imports it."""

    name = "marketplace.patterns"
    label = "patterns"
    verbose_name = "Design system"
