"""Four problems worked by two departments in the week of 15 June 2026, with figures computed by hand.

住建局 (``department``), lead on P1, P2 and P3:
  P1 assigned Mon 10:00, 报到 Mon 14:00 (4.0 h), replied Tue, closed solved, 5 分.
  P2 assigned Mon 10:00, 报到 Wed 10:00 — late; 7.5 + 8.5 + 1.0 = 17.0 h — replied Mon 22nd after the
     Thursday deadline (overdue), closed *not* solved, 2 分.
  P3 assigned Tue 09:00, handed back Tue 11:00 without reporting in (not overdue).
  → received 3; on time 1 (33.3 %); response (4.0 + 17.0) / 2 = 10.5 h; closed 2 (66.7 %);
    solved 1 (33.3 %); overdue 1 (33.3 %); rating 3.5.
生态环境局 (``other_department``), lead on P3 (reassigned) and P4:
  P3 reassigned Tue 14:00, 报到 15:00 (1.0 h), replied Wed, closed solved, 4 分.
  P4 assigned Mon 10:00 with one working day (due Tue 17:30), 报到 10:30 (0.5 h), still 办理中.
  → received 2; on time 2 (100.0 %); response 0.75 → 0.8 h; closed 1 (50.0 %); solved 1 (50.0 %);
    overdue 1 (50.0 %, P4 is past its deadline and open); rating 4.0.
"""

from tuijin.accounts.models import Role
from tuijin.coordination import actions

from .clock import at


def build(users, coordinator, project, category, department, other_department, clerk, other_clerk):
    enterprise_user = users[Role.ENTERPRISE]

    def file(title, when):
        return actions.file_problem(actor=enterprise_user, now=when, data={
            "title": title, "description": f"{title}的详细情况", "category": category, "project": project})

    def assign(problem, lead, when, days=3):
        return actions.assign_problem(problem, actor=coordinator, lead=lead, working_days=days, now=when)

    def finish(problem, who, replied_at, closed_at, rating, solved):
        actions.reply_problem(problem, actor=who, reply="已办理", outcome="solved", now=replied_at)
        actions.confirm_problem(problem, actor=enterprise_user, rating=rating, solved=solved, now=closed_at)

    p1, p2, p3, p4 = (file(title, at(6, 15, 9)) for title in ("施工用水", "临时道路", "环评批复", "用工招聘"))
    assign(p1, department, at(6, 15, 10))
    actions.accept_problem(p1, actor=clerk, now=at(6, 15, 14))
    finish(p1, clerk, at(6, 16, 10), at(6, 16, 15), 5, True)
    assign(p2, department, at(6, 15, 10))
    actions.accept_problem(p2, actor=clerk, now=at(6, 17, 10))
    finish(p2, clerk, at(6, 22, 10), at(6, 22, 15), 2, False)
    assign(p3, department, at(6, 16, 9))
    actions.hand_back(p3, actor=clerk, reason="环评不归住建局", now=at(6, 16, 11))
    assign(p3, other_department, at(6, 16, 14))
    actions.accept_problem(p3, actor=other_clerk, now=at(6, 16, 15))
    finish(p3, other_clerk, at(6, 17, 10), at(6, 17, 16), 4, True)
    assign(p4, other_department, at(6, 15, 10), days=1)
    actions.accept_problem(p4, actor=other_clerk, now=at(6, 15, 10, 30))
    return p1, p2, p3, p4
