"""`{{ form|fields }}`: a form's fields in Bootstrap 5 markup, drawn in Python.

The same markup as crispy-bootstrap5's `|crispy` for a form without a layout
(label with its asterisk, the widget with its Bootstrap classes, errors in an
`invalid-feedback` block whose ids the widget's `aria-describedby` names, help
text), so styles, scripts and screen readers see no difference. A case page
draws three to five forms; through crispy's chain of templates (field, attrs,
help text and errors, one include per field) they cost a quarter of the page.
Forms with a crispy layout (intake) keep `{% crispy %}`.
"""

from django import forms, template
from django.utils.safestring import mark_safe

from ..html import text

register = template.Library()

_CHOICE_LISTS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


@register.filter
def fields(form) -> str:
    parts = [_non_field_errors(form)]
    for field in form:
        parts.append(_draw(field, {}) if field.is_hidden else _field(field))
    return mark_safe("".join(parts))


def _non_field_errors(form) -> str:
    errors = form.non_field_errors()
    if not errors:
        return ""
    items = "".join(f"<li>{text(error)}</li>" for error in errors)
    return f'<div class="alert alert-block alert-danger"><ul class="m-0">{items}</ul></div>'


def _field(field) -> str:
    widget = field.field.widget
    if isinstance(widget, _CHOICE_LISTS):
        return _choice_list(field)
    if isinstance(widget, forms.CheckboxInput):
        return _checkbox(field)
    css = "form-select" if isinstance(widget, forms.Select) else "form-control"
    return (f'<div id="div_{field.auto_id}" class="mb-3">{_label(field, "label", "form-label")}'
            f"{_widget(field, css)}{_errors(field)}{_help(field)}</div>")


def _label(field, tag: str, css: str) -> str:
    required = field.field.required
    star = '<span class="asteriskField">*</span>' if required else ""
    target = f' for="{field.id_for_label}"' if tag == "label" and field.id_for_label else ""
    css += " requiredField" if required else ""
    css += " fs-6" if tag == "legend" else ""
    return f'<{tag}{target} class="{css}">{text(field.label)}{star}</{tag}>'


def _widget(field, css: str) -> str:
    """The widget with crispy's classes (the widget's name in lower case, then
    Bootstrap's)."""
    widget = field.field.widget
    classes = widget.attrs.get("class", "").split()
    for name in (type(widget).__name__.lower(), *css.split(), *(["is-invalid"] if field.errors else [])):
        if name not in classes:
            classes.append(name)
    return _draw(field, {"class": " ".join(classes)})


def _draw(field, attrs: dict) -> str:
    """The widget as `BoundField.as_widget` renders it: its value and attributes
    come from Django (`get_context`); inputs and text areas are then written here
    as Django's templates write them, any other widget by the widget itself."""
    widget = field.field.widget
    template_name = getattr(widget, "template_name", "")
    if field.field.localize or template_name not in _DRAWN:
        return field.as_widget(attrs=attrs)
    attrs = field.build_widget_attrs(attrs, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    return _DRAWN[template_name](context)


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{text(widget["value"])}"'
    return f'<input type="{text(widget["type"])}" name="{text(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _textarea(widget: dict) -> str:
    value = text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{text(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


_DRAWN = {
    "django/forms/widgets/text.html": _input,
    "django/forms/widgets/date.html": _input,
    "django/forms/widgets/datetime.html": _input,
    "django/forms/widgets/number.html": _input,
    "django/forms/widgets/email.html": _input,
    "django/forms/widgets/hidden.html": _input,
    "django/forms/widgets/checkbox.html": _input,
    "django/forms/widgets/textarea.html": _textarea,
}


def _checkbox(field) -> str:
    required = field.field.required
    star = '<span class="asteriskField">*</span>' if required else ""
    label_css = "form-check-label requiredField" if required else "form-check-label"
    return (f'<div class="mb-3"><div id="div_{field.auto_id}" class="form-check">{_widget(field, "form-check-input")}'
            f'<label for="{field.id_for_label}" class="{label_css}">{text(field.label)}{star}</label>'
            f"{_errors(field)}{_help(field)}</div></div>")


def _choice_list(field) -> str:
    """Radio buttons or checkboxes in a fieldset whose legend is the label; the
    errors sit under the last choice, as crispy puts them."""
    attrs = field.build_widget_attrs({"id": field.field.widget.attrs.get("id") or field.auto_id})
    values = field.field.widget.format_value(field.value())
    options = [option for _group, group_options, _index in field.field.widget.optgroups(field.html_name, values, attrs)
               for option in group_options]
    invalid = " is-invalid" if field.errors else ""
    items = []
    for position, option in enumerate(options, start=1):
        errors = _errors(field) if position == len(options) else ""
        items.append(
            f'<div class="form-check"><input type="{option["type"]}" class="form-check-input{invalid}" '
            f'name="{text(field.html_name)}" value="{text(option["value"])}"{_attrs(option["attrs"])}>'
            f'<label for="{option["attrs"]["id"]}" class="form-check-label">{text(option["label"])}</label>{errors}</div>')
    described = f' aria-describedby="{field.aria_describedby}"' if field.aria_describedby else ""
    return (f'<div id="div_{field.auto_id}" class="mb-3"><fieldset{described}>{_label(field, "legend", "form-label")}'
            f'<div>{"".join(items)}</div>{_help(field)}</fieldset></div>')


def _attrs(attrs: dict) -> str:
    """Attributes as Django's widget templates write them: True as a bare name, False left out."""
    return "".join(f" {name}" if value is True else f' {name}="{text(value)}"'
                   for name, value in attrs.items() if value is not False)


def _errors(field) -> str:
    if not field.errors:
        return ""
    items = "".join(f'<p id="error_{n}_{field.auto_id}"><strong>{text(error)}</strong></p>'
                    for n, error in enumerate(field.errors, start=1))
    return f'<div id="{field.auto_id}_error" class="invalid-feedback">{items}</div>'


def _help(field) -> str:
    if not field.help_text:
        return ""
    return f'<div id="{field.auto_id}_helptext" class="form-text">{text(field.help_text)}</div>'
