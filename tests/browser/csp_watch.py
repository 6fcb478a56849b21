"""What a page did that it should not have: CSP violations, uncaught errors and alert() dialogs.

Chromium reports a blocked inline script, handler, style or eval in the console ("… violates the following
Content Security Policy directive …") and fires a ``securitypolicyviolation`` event; both are collected (the
event through a binding, so none is lost when the page navigates away).
"""

# Playwright's init scripts and bindings go through the DevTools protocol, outside the page's CSP.
_LISTEN = """
document.addEventListener("securitypolicyviolation", function (e) {
  window.__tuijinCspViolation(e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " at "
                              + (e.sourceFile || "") + ":" + e.lineNumber + " " + (e.sample || ""));
});
"""


class Watch:
    def __init__(self, page):
        self.page = page
        self.console = []
        self.events = []
        self.errors = []
        self.dialogs = []
        page.expose_function("__tuijinCspViolation", lambda text: self.events.append(f"{page.url}: {text}"))
        page.add_init_script(_LISTEN)
        page.on("console", lambda message: self.console.append(f"{page.url}: {message.type}: {message.text}"))
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))
        page.on("dialog", self._dialog)

    def _dialog(self, dialog):
        self.dialogs.append(f"{self.page.url}: {dialog.type} {dialog.message}")
        dialog.dismiss()

    def violations(self):
        """Every CSP violation so far: the console's lines and the events' reports."""
        return [line for line in self.console if "Content Security Policy" in line] + self.events
