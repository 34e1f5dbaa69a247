"""Escaping for the HTML report: every text and attribute value goes through :func:`esc`.

The report is written as polyglot markup (well-formed XML that is also valid HTML), so the text
must also lose the control characters XML 1.0 forbids; a PDF's text layer can hold any of them.
They are replaced one for one, never dropped, so offsets computed on the text stay valid.
"""

from __future__ import annotations

import html
import json
import re

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` with every character XML cannot hold replaced by U+FFFD (same length)."""
    return _NOT_XML.sub("\ufffd", text)


def esc(text: object) -> str:
    """Text or attribute value, escaped (quotes too)."""
    return html.escape(xml_safe(str(text)), quote=True)


def attrs(**values: object) -> str:
    """`` name="value"`` pairs; ``None`` and ``False`` leave the attribute out, ``class_`` is class.
    Underscores in other names become hyphens (``data_p`` → ``data-p``)."""
    parts = []
    for name, value in values.items():
        if value is None or value is False:
            continue
        key = "class" if name == "class_" else name.replace("_", "-")
        parts.append(f' {key}="{esc(key if value is True else value)}"')
    return "".join(parts)


def script_json(value: object) -> str:
    """JSON to put inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` at all,
    so it can neither end the script element nor break the XML reading of the file."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return xml_safe(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))
