"""The Jinja2 environment of the served pages: templates in serving/templates, autoescaped."""

from __future__ import annotations

import functools

import jinja2


@functools.cache
def environment() -> jinja2.Environment:
    # Every value from the plans is escaped on output; markup built by another template
    # (a chart) is passed in as markupsafe.Markup.
    return jinja2.Environment(
        loader=jinja2.PackageLoader("serving", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)
