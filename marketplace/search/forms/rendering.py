"""The search form's widgets written in Python: the same markup as Django's widget templates,
without the template engine.

The directory page renders about fifteen fields on every request, and a <select> or a row of
radios through the templates is one template include per option, a large share of a search
page (docs/benchmarks.md has the figures). WidgetRenderer answers the stock templates it knows
(inputs, selects, radios, checkboxes and the label tag) itself, from the context Django's
widgets build anyway (Widget.get_context: values, selected options, ids), so every choice and
attribute is still Django's; any other template goes to the project's renderer.
tests/marketplace/search/test_form_rendering.py checks the markup against Django's own for every field.
"""

import html

from django.utils.functional import Promise

from marketplace.core.forms import ValundFormRenderer

__all__ = ["WidgetRenderer", "escape"]

_WIDGETS = "django/forms/widgets/"


def escape(value) -> str:
    """django.utils.html.conditional_escape's text, without its lazy wrappers: the form escapes
    some 600 values a page, and keep_lazy's check of every argument cost more than the escaping."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _attrs(attrs: dict) -> str:
    # attrs.html: ` name="value"`, a bare ` name` for True, nothing for False.
    return "".join(
        f" {escape(name)}" if value is True
        else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items() if value is not False
    )


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{escape(widget["value"])}"'
    return (
        f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>\n"
    )


def _input_option(option: dict) -> str:
    if not option["wrap_label"]:
        return _input(option)
    option_id = option["attrs"].get("id")
    label_for = f' for="{escape(option_id)}"' if option_id else ""
    return f"<label{label_for}>{_input(option)} {escape(option['label'])}</label>\n"


def _select_option(option: dict) -> str:
    return (
        f'<option value="{escape(option["value"])}"{_attrs(option["attrs"])}>'
        f"{escape(option['label'])}</option>\n"
    )


def _choice_option(option: dict) -> str:
    # radio_option.html and checkbox_option.html: input_option.html and a newline of their own.
    return f"{_input_option(option)}\n"


_OPTIONS = {f"{_WIDGETS}select_option.html": _select_option, f"{_WIDGETS}radio_option.html": _choice_option,
            f"{_WIDGETS}checkbox_option.html": _choice_option}


def _groups(widget: dict, *, opening: str, option: str, closing: str) -> str | None:
    """The widget's options, group by group: `opening` and `closing` around a named group
    ({} is its name), `option` around each option; None when an option's template is not
    one of ours."""
    parts = []
    for group_name, group_choices, _index in widget["optgroups"]:
        renders = [_OPTIONS.get(choice["template_name"]) for choice in group_choices]
        if None in renders:
            return None
        if group_name:
            parts.append(opening.format(escape(group_name)))
        parts.extend(option.format(render(choice)) for render, choice in zip(renders, group_choices, strict=True))
        if group_name:
            parts.append(closing)
    return "".join(parts)


def _select(widget: dict) -> str | None:
    # select.html
    options = _groups(widget, opening='\n  <optgroup label="{}">', option="\n  {}", closing="\n  </optgroup>")
    if options is None:
        return None
    return f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>{options}\n</select>\n'


def _multiple_input(widget: dict) -> str | None:
    # multiple_input.html, which radio.html includes
    options = _groups(widget, opening="\n  <div><label>{}</label>", option="<div>\n    {}</div>", closing="\n  </div>")
    if options is None:
        return None
    widget_id, css_class = widget["attrs"].get("id"), widget["attrs"].get("class")
    id_attr = f' id="{escape(widget_id)}"' if widget_id else ""
    class_attr = f' class="{escape(css_class)}"' if css_class else ""
    return f"<div{id_attr}{class_attr}>{options}\n</div>\n"


def _label(context: dict) -> str:
    # django/forms/label.html, for BoundField.label_tag().
    if not context["use_tag"]:
        return escape(context["label"])
    tag = escape(context["tag"])
    return f"<{tag}{_attrs(context['attrs'] or {})}>{escape(context['label'])}</{tag}>"


_RENDERERS = {
    **{f"{_WIDGETS}{kind}.html": lambda context: _input(context["widget"])
       for kind in ("text", "number", "email", "url", "password", "hidden", "date", "search", "tel", "checkbox")},
    f"{_WIDGETS}select.html": lambda context: _select(context["widget"]),
    f"{_WIDGETS}radio.html": lambda context: _multiple_input(context["widget"]),
    "django/forms/label.html": _label,
}


class WidgetRenderer(ValundFormRenderer):
    """The project's form renderer, with the stock widget templates written in Python."""

    def render(self, template_name, context, request=None):
        render = _RENDERERS.get(template_name)
        if render is not None and request is None:
            html = render(context)
            if html is not None:
                return html.strip()  # as Django's renderers strip a template's output
        return super().render(template_name, context, request)
