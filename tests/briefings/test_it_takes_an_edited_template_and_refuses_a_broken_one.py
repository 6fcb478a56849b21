"""A coordinator downloads the template, edits it in LibreOffice (a paragraph added, a section moved) and uploads it:
the next briefing is made from it. A template with a syntax error or an unknown placeholder is refused on upload,
saying where and what in Chinese, and the version in use stays."""

import copy
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from tuijin.accounts.models import Role
from tuijin.briefings import packs, pdf
from tuijin.briefings.models import BriefingEvent, BriefingTemplate, DocumentKind

from ..pages import text as page_text
from .conftest import AS_OF, MARCH
from .helpers import text

ADDED = "本期特别提示：各园区请于每月25日前报送下月开工计划。"


def _upload(client, content, name="通报模板.docx", kind="monthly", note="调整章节顺序"):
    return client.post(reverse("briefings_template_upload"), {
        "kind": kind, "note": note, "file": SimpleUploadedFile(name, content)}, follow=True)


def _paragraph(document, starts):
    return next(p for p in document.paragraphs if p.text.startswith(starts))


def _edited(content):
    """Add a paragraph after the salutation and move section 六 (招商引资) before section 一."""
    document = Document(io.BytesIO(content))
    salutation = _paragraph(document, "各园区管委会")
    added = copy.deepcopy(salutation._p)
    salutation._p.addnext(added)
    for run in added.findall(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"):
        run.text = ""
    added.findall(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")[0].text = ADDED
    body = list(document.element.body)
    start = body.index(_paragraph(document, "六、招商引资情况")._p)
    end = body.index([p for p in document.paragraphs if p.text == "{{ doc.issuer }}"][-1]._p)  # the signature
    first = _paragraph(document, "一、总体情况")._p
    for element in body[start:end]:
        first.addprevious(element)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def as_coordinator(client, users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(users[Role.COORDINATOR])
    return client


def test_a_template_edited_in_libreoffice_is_used_by_the_next_briefing(as_coordinator, small_district):
    # Given the template in use, downloaded from the templates page
    response = as_coordinator.get(reverse("briefings_template_download", args=["monthly"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(".docx")

    # When it is edited (a paragraph added, section 六 moved first) and saved again by LibreOffice
    edited = pdf.convert(_edited(response.content), "模板", target="docx")

    # And uploaded
    page = _upload(as_coordinator, edited)

    # Then it is the new version, used by the next briefing: the paragraph is there, section 六 comes first
    assert "已上传项目推进情况通报模板第 1 版" in page_text(page)
    template = BriefingTemplate.objects.get()
    assert (template.kind, template.version, template.uploaded_by.username) == ("monthly", 1, "coordinator")
    assert BriefingEvent.objects.filter(template=template).count() == 1
    pack = packs.monthly(MARCH, today=AS_OF, with_pdf=False)
    body = text(pack.files["docx"])
    assert pack.template_version == 1
    assert ADDED in body
    assert body.index("六、招商引资情况") < body.index("一、总体情况")
    assert "新签约项目1个" in body  # the moved section is still filled


@pytest.mark.parametrize("broken, says", [
    ("{%p if empty %}", "缺少 {% endif %}"),
    ("截至{{ doc.date 纳入调度", "模板第"),
    ("{%p endfor %}", "未知的标签 endfor"),
])
def test_a_template_with_a_syntax_error_is_refused_naming_the_paragraph(as_coordinator, broken, says):
    # Given the default template with one paragraph broken
    document = Document(io.BytesIO(as_coordinator.get(reverse("briefings_template_download", args=["monthly"])).content))
    document.add_paragraph(broken)
    buffer = io.BytesIO()
    document.save(buffer)

    # When it is uploaded
    page = _upload(as_coordinator, buffer.getvalue())

    # Then it is refused with the paragraph and the reason, in Chinese, and nothing is kept
    message = page_text(page)
    assert "模板未上传" in message and says in message
    assert "段" in message
    assert not BriefingTemplate.objects.exists()


@pytest.mark.parametrize("placeholder, named", [
    ("{{ leader_name }}", "leader_name"),
    ("{{ kpi.completion_percent }}", "completion_percent"),
])
def test_a_template_with_an_unknown_placeholder_is_refused_naming_it(as_coordinator, placeholder, named):
    document = Document(io.BytesIO(as_coordinator.get(reverse("briefings_template_download", args=["monthly"])).content))
    document.add_paragraph(f"签发人：{placeholder}")
    buffer = io.BytesIO()
    document.save(buffer)

    page = _upload(as_coordinator, buffer.getvalue())

    message = page_text(page)
    assert "模板未上传" in message and named in message
    assert not BriefingTemplate.objects.exists()


def test_a_file_that_is_not_a_word_document_is_refused(as_coordinator):
    page = _upload(as_coordinator, b"not a zip", name="模板.docx")
    assert "无法读取该文件" in page_text(page)
    page = _upload(as_coordinator, b"x", name="模板.doc")
    assert "请上传 .docx" in page_text(page)


def test_a_meeting_template_is_checked_against_the_meeting_placeholders(as_coordinator):
    # The monthly template names figures a meeting pack does not have
    monthly = as_coordinator.get(reverse("briefings_template_download", args=["monthly"])).content
    page = _upload(as_coordinator, monthly, kind="meeting")
    assert "系统不提供的占位符" in page_text(page)
    meeting = as_coordinator.get(reverse("briefings_template_download", args=["meeting"])).content
    _upload(as_coordinator, meeting, kind="meeting")
    assert BriefingTemplate.objects.get().kind == DocumentKind.MEETING


def test_only_coordinators_keep_the_templates(client, users):
    client.force_login(users[Role.LEADER])
    assert client.get(reverse("briefings_templates")).status_code == 403
    client.force_login(users[Role.ENTERPRISE])
    assert client.get(reverse("briefings_templates")).status_code == 404
