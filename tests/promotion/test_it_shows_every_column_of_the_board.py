"""The lead board has a column for each stage, 搁置 last, in a board that wraps instead of cutting columns off."""

import re

from django.contrib.staticfiles import finders

from tuijin.accounts.models import Role


def test_it_renders_eight_columns_with_shelved_last(client, users):
    client.force_login(users[Role.COORDINATOR])
    page = client.get("/promotion/").content.decode()
    columns = re.findall(r'data-testid="column-(\w+)"', page)
    assert len(columns) == 8 and columns[-1] == "shelved"
    css = open(finders.find("css/promotion.css"), encoding="utf-8").read()
    board = re.search(r"\.board \{([^}]*)\}", css).group(1)
    assert "flex-wrap: wrap" in board
