"""Renders templates with Python's jinja2 the way Hugging Face transformers renders chat templates.

Input (stdin): {"now": "2026-11-24T10:30:00", "cases": [{"template": "...", "variables": {...}}, ...]}
Output (stdout): [{"output": "..."} or {"error": "..."}, ...]
"""
import json
import sys
from datetime import datetime

from jinja2.exceptions import TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    # transformers' override: keeps non-ASCII characters as they are.
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


def raise_exception(message):
    raise TemplateError(message)


def main():
    request = json.load(sys.stdin)
    now = datetime.fromisoformat(request["now"])
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.loopcontrols", "jinja2.ext.do"])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = lambda fmt: now.strftime(fmt)
    results = []
    for case in request["cases"]:
        try:
            results.append({"output": env.from_string(case["template"]).render(**case["variables"])})
        except Exception as error:  # every failure is an answer: both engines must fail
            results.append({"error": f"{type(error).__name__}: {error}"})
    json.dump(results, sys.stdout, ensure_ascii=False)


main()
