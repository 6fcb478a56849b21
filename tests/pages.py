"""Reading pages the way a person (or a browser) does: the visible text, and what a form would submit."""

import re
from html.parser import HTMLParser


def text(response) -> str:
    """The page's text with tags removed and whitespace collapsed, as a reader sees it."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    parser = _TextParser()
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        self.parts.append(" ")

    def handle_endtag(self, tag):
        self.parts.append(" ")

    def handle_data(self, data):
        self.parts.append(data)


def form_data(response, method="post", action="") -> dict:
    """What the browser would submit with the page's first ``<form>`` of ``method`` posting to ``action``.

    The default ``action=""`` is a form that posts back to the page itself (not the navbar's 退出 form).
    Disabled controls are left out, as browsers do; a select submits its selected option (or its first).
    """
    parser = _FormParser(method, action)
    parser.feed(response.content.decode())
    assert parser.found, f"no <form method={method} action={action!r}> in the page"
    return parser.data


class _FormParser(HTMLParser):
    def __init__(self, method, action):
        super().__init__(convert_charrefs=True)
        self.method = method
        self.action = action
        self.found = False
        self.inside = False
        self.done = False
        self.data = {}
        self._select = None  # (name, disabled, first option value, chosen value)
        self._option = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.done:
            return
        if (tag == "form" and not self.found and attrs.get("method", "get").lower() == self.method
                and (attrs.get("action") or "") == self.action):
            self.found = self.inside = True
            return
        if not self.inside:
            return
        disabled = "disabled" in attrs
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            if disabled or not attrs.get("name") or kind in ("submit", "button", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data[attrs["name"]] = attrs.get("value", "on" if kind == "checkbox" else "")
        elif tag == "select":
            self._select = {"name": attrs.get("name"), "disabled": disabled, "first": None, "chosen": None}
        elif tag == "option" and self._select is not None:
            self._option = {"value": attrs.get("value"), "text": "", "selected": "selected" in attrs}
        elif tag == "textarea":
            self._textarea = {"name": attrs.get("name"), "disabled": disabled, "text": ""}

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "option" and self._option is not None:
            value = self._option["value"] if self._option["value"] is not None else self._option["text"].strip()
            if self._select["first"] is None:
                self._select["first"] = value
            if self._option["selected"]:
                self._select["chosen"] = value
            self._option = None
        elif tag == "select" and self._select is not None:
            select, self._select = self._select, None
            if select["name"] and not select["disabled"]:
                chosen = select["chosen"] if select["chosen"] is not None else select["first"]
                self.data[select["name"]] = chosen or ""
        elif tag == "textarea" and self._textarea is not None:
            area, self._textarea = self._textarea, None
            if area["name"] and not area["disabled"]:
                # Browsers drop the one newline that directly follows <textarea>.
                self.data[area["name"]] = area["text"].removeprefix("\n").removeprefix("\r\n")
        elif tag == "form":
            self.inside = False
            self.done = True
