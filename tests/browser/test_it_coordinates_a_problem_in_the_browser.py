"""吹哨报到 end to end, as three people: the enterprise files, the coordinator assigns, the department reports
in and replies; the enterprise reopens, gets a second reply, confirms and rates it; the scorecard counts it."""

import pytest

from tuijin.coordination.models import seed_categories

from ..coordination.clock import pin

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def log_out(page, live_server):
    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="退出").click()
    page.wait_for_url(f"{live_server.url}/login/")


def status(page):
    return page.get_by_test_id("problem-status").first.inner_text()


def test_it_walks_a_problem_from_whistle_to_rating(page, live_server, log_in, screenshot, users, project, department,
                                                   other_department, monkeypatch, tmp_path):
    # Given Monday 15 June 2026 at 09:30 (deadlines are counted on that year's holiday calendar)
    pin(monkeypatch)
    seed_categories()
    attachment = tmp_path / "供电申请回执.pdf"
    attachment.write_bytes(PDF)

    # When the enterprise blows the whistle from its project page
    log_in("ent")
    page.goto(f"{live_server.url}/projects/{project.pk}/")
    assert page.get_by_test_id("project-problems").inner_text().strip() == "问题（0）"
    page.get_by_test_id("file-problem").click()
    page.select_option("#id_category", label="水电气")
    page.select_option("#id_urgency", "urgent")
    page.fill("#id_title", "厂区10kV供电线路未接入")
    page.fill("#id_description", "主体已封顶，设备调试需要正式用电，供电线路迟迟未接入。")
    page.set_input_files("#id_files", str(attachment))
    screenshot("20-problem-file")
    page.get_by_role("button", name="提交问题").click()

    # Then the problem is 已提交 with its attachment, waiting for the coordinator
    page.wait_for_selector("text=问题已提交")
    assert status(page) == "已提交"
    assert "供电申请回执.pdf" in page.inner_text("main")
    problem_url = page.url
    log_out(page, live_server)

    # When the coordinator assigns it to 住建局 with 生态环境局, three working days
    log_in("coordinator")
    page.goto(problem_url)
    page.get_by_test_id("assign").click()
    page.select_option("#id_lead", label="住房和城乡建设局")
    page.get_by_label("生态环境局").check()
    page.fill("#id_working_days", "3")
    page.fill("#id_note", "请住建局牵头协调供电公司")
    screenshot("21-problem-assign")
    page.get_by_test_id("assign-submit").click()

    # Then it is 已交办, due by Thursday 18 June 17:30
    page.wait_for_selector("text=已交办住房和城乡建设局牵头办理")
    assert status(page) == "已交办"
    assert page.get_by_test_id("deadline").inner_text().strip() == "2026-06-18 17:30"
    log_out(page, live_server)

    # When the department finds it on its list, reports in and replies
    log_in("dept")
    page.goto(f"{live_server.url}/coordination/")
    page.get_by_role("link", name="厂区10kV供电线路未接入").click()
    page.get_by_test_id("accept").click()
    page.wait_for_selector("text=已报到。")
    assert status(page) == "已报到"
    page.fill("#id_reply", "已协调供电公司，6月20日前送电。")
    page.get_by_test_id("reply-submit").click()
    page.wait_for_selector("text=已答复，等待提交人确认。")
    assert status(page) == "已答复"
    log_out(page, live_server)

    # When the enterprise is not satisfied and reopens it
    log_in("ent")
    page.goto(problem_url)
    assert page.get_by_test_id("reply").inner_text() == "已协调供电公司，6月20日前送电。"
    page.fill("[data-testid=reopen-reason]", "供电公司说还没有收到协调函")
    page.get_by_test_id("reopen").click()
    page.wait_for_selector("text=已退回牵头部门重新办理。")
    assert status(page) == "办理中"
    log_out(page, live_server)

    # And the department replies again
    log_in("dept")
    page.goto(problem_url)
    assert "供电公司说还没有收到协调函" in page.get_by_test_id("timeline").inner_text()
    page.fill("#id_reply", "协调函已送达供电公司，已排期6月19日送电。")
    page.get_by_test_id("reply-submit").click()
    page.wait_for_selector("text=已答复，等待提交人确认。")
    log_out(page, live_server)

    # Then the enterprise confirms it is solved and rates it 4
    log_in("ent")
    page.goto(problem_url)
    page.get_by_label("已解决", exact=True).check()
    page.get_by_label("4 分 满意").check()
    page.get_by_test_id("confirm").click()
    page.wait_for_selector("text=已确认办结，感谢评价。")
    assert status(page) == "已办结"
    timeline = page.get_by_test_id("timeline").inner_text()
    steps = ["提交问题", "交办", "报到", "答复", "退回重办", "答复", "确认办结"]
    positions = [timeline.index(step) for step in ("提交问题", "交办", "报到", "退回重办", "确认办结")]
    assert positions == sorted(positions) and timeline.count("答复") >= 2 and all(s in timeline for s in steps)
    screenshot("22-problem-closed")
    log_out(page, live_server)

    # And the coordinator's scorecard counts it for 住建局: received, reported in on time, closed, solved, 4 分
    log_in("coordinator")
    page.goto(f"{live_server.url}/coordination/scorecard/")
    row = {key: page.get_by_test_id(f"{key}-{department.pk}").inner_text().strip()
           for key in ("received", "on_time", "closed", "solved", "overdue", "rating")}
    assert row == {"received": "1", "on_time": "100.0% (1件)", "closed": "100.0% (1件)", "solved": "100.0% (1件)",
                   "overdue": "0.0% (0件)", "rating": "4.0"}
    assert page.get_by_test_id(f"received-{other_department.pk}").inner_text().strip() == "0"
    screenshot("23-scorecard")
    page.get_by_test_id(f"closed-{department.pk}").get_by_role("link").click()
    page.wait_for_selector("text=住房和城乡建设局 · 办结率 >> visible=true")  # the print header repeats it, hidden
    assert page.get_by_role("link", name="厂区10kV供电线路未接入").is_visible()
