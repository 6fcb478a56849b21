"""The menu offers each user the modules they may open, and no links that end in a refusal."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize(("role", "shown", "hidden"), [
    ("coordinator", ["招商引资", "预警与挂图作战", "数据导入"], []),
    ("park_staff", ["招商引资", "数据导入"], []),
    ("department_clerk", ["问题协调", "预警与挂图作战"], ["招商引资", "数据导入"]),
    ("enterprise", ["项目管理", "问题协调"], ["招商引资", "预警与挂图作战", "数据导入"]),
])
def test_it_shows_each_role_its_modules(client, users, role, shown, hidden):
    client.force_login(users[role])

    html = client.get(reverse("home")).content.decode()
    page = html[html.index('id="mainnav"'):html.index("</ul>", html.index('id="mainnav"'))]

    for label in shown:
        assert label in page
    for label in hidden:
        assert label not in page
