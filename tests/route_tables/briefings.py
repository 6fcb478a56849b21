"""报表简报's routes: leaders, coordinators and park staff open the page; a park's staff open their park's runs
only (another park's is a 404); coordinators make any pack and keep the templates."""

import datetime as dt

from django.core.files.base import ContentFile

from tuijin.briefings.models import BriefingRun, BriefingTemplate, DocumentKind, RunStatus
from tuijin.briefings.placeholders import PNG

from ..route_rules import C, L, P, SEE_ALL, only, scoped

READERS = {L, C, P}

ROUTES = {
    "briefings_home": only(*READERS),
    "briefings_generate": only(C, P, post=True),
    "briefings_run": scoped("briefing_run", READERS, SEE_ALL),
    "briefings_run_status": scoped("briefing_run", READERS, SEE_ALL),
    "briefings_download": scoped("briefing_run", READERS, SEE_ALL, path={"fmt": "docx"}),
    "briefings_templates": only(C),
    "briefings_template_upload": only(C, post=True),
    "briefings_template_download": only(C, path={"kind": "monthly"}),
    "briefings_template_version": only(C, obj="briefing_template"),
}

SEES_OTHERS = {"briefing_run": SEE_ALL}

PAGES = {"briefings_home": ({}, {"page": ["1", "2", "0", "x"]})}


def _run(park, user):
    run = BriefingRun(kind=DocumentKind.MONTHLY, month=dt.date(2026, 3, 1), park=park, status=RunStatus.DONE,
                      progress=100, title=f"{park.name}2026年3月项目推进情况通报", requested_by=user,
                      data_date=dt.date(2026, 3, 31))
    run.docx.save("briefing-2026-03.docx", ContentFile(b"PK\x03\x04"), save=False)
    run.save()
    return run


def objects(world):
    coordinator = world.users[C]
    for whose, park in (("own", world.fixtures["park"]), ("other", world.fixtures["other_park"])):
        world.sides[whose]["briefing_run"] = _run(park, coordinator).pk
    template = BriefingTemplate(kind=DocumentKind.MONTHLY, version=1, original_name="通报模板.docx",
                                uploaded_by=coordinator)
    template.file.save("monthly-v1.docx", ContentFile(PNG), save=False)
    template.save()
    world.single["briefing_template"] = template.pk
