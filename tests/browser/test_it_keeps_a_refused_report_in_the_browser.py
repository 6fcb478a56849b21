"""A refused monthly report keeps every field, the photo included, and the corrected save attaches the photo."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from PIL import Image

from tuijin.progress.models import MonthlyReport, ReportPhoto

pytestmark = pytest.mark.browser


def test_a_refused_report_keeps_every_field_including_the_photo(page, live_server, log_in, screenshot, users,
                                                                  project, tmp_path):
    today = timezone.localdate()
    last = today.replace(day=1) - dt.timedelta(days=1)
    photo = tmp_path / "东侧厂房封顶.jpg"
    data = io.BytesIO()
    Image.new("RGB", (320, 240), "steelblue").save(data, "JPEG")
    photo.write_bytes(data.getvalue())

    # Given the enterprise on its project's progress page: the form starts on last month
    log_in("ent")
    page.goto(f"{live_server.url}/progress/projects/{project.pk}/")
    assert page.input_value("#id_month") == str(last.month)

    # When it fills in every field and a photo, with a figure too big, and submits
    page.fill("#id_completed_investment", "350.5")
    page.fill("#id_funds_arrived", "9999999999999999")
    page.fill("#id_narrative", "主体结构封顶，开始内部装修")
    page.set_input_files("#id_photo", str(photo))
    page.fill("#id_photo_caption", "东侧厂房")
    page.get_by_test_id("submit-report").click()

    # Then the save is refused, and every field is still filled in, the photo pending
    page.wait_for_selector("[data-testid=report-form-errors]")
    assert page.input_value("#id_month") == str(last.month)
    assert page.input_value("#id_completed_investment") == "350.5"
    assert page.input_value("#id_funds_arrived") == "9999999999999999"
    assert page.input_value("#id_narrative") == "主体结构封顶，开始内部装修"
    assert page.input_value("#id_photo_caption") == "东侧厂房"
    assert "已选照片：东侧厂房封顶.jpg（将随月报一起保存" in page.get_by_test_id("pending-photo").inner_text()
    screenshot("12-refused-report-keeps-input")
    assert not MonthlyReport.objects.exists()

    # When the figure is fixed and the form sent again, without choosing the photo again
    page.fill("#id_funds_arrived", "200")
    page.get_by_test_id("submit-report").click()

    # Then the report is submitted with the photo attached
    page.wait_for_selector(f"[data-testid=status-{last.month}]:has-text('已报送')")
    assert "现场照片已保存" in page.content()
    report = MonthlyReport.objects.get(project=project, year=last.year, month=last.month)
    assert ReportPhoto.objects.filter(report=report, caption="东侧厂房").count() == 1
    assert page.locator(f"tr[data-month='{last.month}'] a[href*='/progress/photos/']").count() == 1
    screenshot("13-corrected-report-with-photo")
