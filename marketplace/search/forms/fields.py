"""The search form's building blocks: choices read once, checkboxes rendered in Python, and
a field for several slugs or codes."""

from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from .rendering import escape

__all__ = ["MAX_SLUGS", "Checkboxes", "LoadedOnce", "SlugListField"]

MAX_SLUGS = 30  # skills or languages in one search; more is someone's script


class LoadedOnce(BaseChoiceIterator):
    """Choices read from the database when the form is first shown, once per form (a <select>
    reads its choices more than once), and never for a form that is only parsed."""

    def __init__(self, load):
        self.load = load
        self.loaded = None

    def __iter__(self):
        if self.loaded is None:
            self.loaded = list(self.load())
        return iter(self.loaded)


class Checkboxes(forms.CheckboxSelectMultiple):
    """CheckboxSelectMultiple's own markup, written in Python: the skills list has some ninety
    boxes, and rendering each through the widget templates took about 20 ms of every page."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        base_id = attrs.pop("id", "")
        chosen = {str(item) for item in self.format_value(value)}
        shared = format_html_join("", ' {}="{}"', attrs.items())
        name = escape(name)
        # Plain string building, each value escaped once: format_html per box cost about as
        # much again as the rest of the list.
        base_id = escape(base_id)  # the options' ids add only digits and underscores to it
        parts = [f'<div id="{base_id}">' if base_id else "<div>"]
        for index, (group_value, group_label) in enumerate(self.choices):
            grouped = isinstance(group_label, (list, tuple))
            options = group_label if grouped else [(group_value, group_label)]
            if grouped:
                parts.append(f"\n  <div><label>{escape(group_value)}</label>")
            for subindex, (option_value, option_label) in enumerate(options):
                option_id = f"{base_id}_{index}_{subindex}" if grouped else f"{base_id}_{index}"
                checked = " checked" if str(option_value) in chosen else ""
                parts.append(
                    f'<div>\n    <label for="{option_id}"><input type="checkbox" name="{name}"'
                    f' value="{escape(option_value)}"{shared} id="{option_id}"{checked}>'
                    f"\n {escape(option_label)}</label>\n\n</div>"
                )
            if grouped:
                parts.append("\n  </div>")
        parts.append("\n</div>")
        return mark_safe("".join(parts))  # noqa: S308 -- every value above is escaped


class SlugListField(forms.Field):
    """Several slugs or codes, as repeated parameters or comma-separated. Whether each is
    known is the form's business (it notes and drops the unknown), not an error."""

    widget = Checkboxes

    def __init__(self, *, choices=(), **kwargs):
        super().__init__(required=False, **kwargs)
        self.widget.choices = choices

    def to_python(self, value):
        if not value:
            return []
        values = [value] if isinstance(value, str) else value
        slugs = []
        for item in values:
            for part in str(item).split(","):
                slug = part.strip().lower()
                if slug and slug not in slugs:
                    slugs.append(slug)
        return slugs[:MAX_SLUGS]
