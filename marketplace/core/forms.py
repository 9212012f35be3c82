from django.forms.renderers import TemplatesSetting


class ValundFormRenderer(TemplatesSetting):
    """Every form, ours and allauth's, renders fields with the design system's markup."""

    form_template_name = "includes/form.html"
    field_template_name = "includes/field.html"
