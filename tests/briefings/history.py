"""报表简报's rows for ``tests/test_it_keeps_history_of_every_business_model.py``: a template version uploaded on
its page, a briefing asked for on the 报表简报 page (each leaves a ``BriefingEvent``)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from tuijin.briefings import default_templates
from tuijin.briefings.forms import month_choices
from tuijin.briefings.models import DocumentKind


def upload_template(world, _):
    docx = SimpleUploadedFile("通报模板（改红头）.docx", default_templates.default(DocumentKind.MONTHLY),
                              "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    return world.page(world.coordinator, "briefings_template_upload", [],
                      {"kind": "monthly", "file": docx, "note": "红头改为区推进办"})


def request_briefing(world, _):
    return world.page(world.coordinator, "briefings_generate", [],
                      {"kind": "monthly", "month": month_choices()[1][0], "park": ""})


def says_what(event):
    return event.changes and event.changes[0]["new"] not in ("", None)
