"""重点企业监测's rows for ``tests/test_it_keeps_history_of_every_business_model.py``: a draft month, changed on
its page by the enterprise."""

import datetime as dt
from decimal import Decimal

from tuijin.accounts.models import Role
from tuijin.monitoring import actions

YEAR = dt.date.today().year - 1


def a_draft(world):
    actions.list_enterprise(world.enterprise, actor=world.coordinator)
    return actions.save_draft(world.enterprise, YEAR, 2, actor=world.users[Role.ENTERPRISE],
                              data={"output": Decimal("500")})


def edit_figures(world, figures):
    return world.page(world.users[Role.ENTERPRISE], "monitoring_save", [world.enterprise.pk],
                      {"period": f"{YEAR}-02", "output": "520"})
