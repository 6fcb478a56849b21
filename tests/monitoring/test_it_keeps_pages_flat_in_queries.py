"""The overview and a park's page read a fixed number of queries, whatever the number of key enterprises."""

import pytest
from django.urls import reverse

from tuijin.accounts.models import Role

from ..factories import EnterpriseFactory


@pytest.mark.parametrize("count", [2, 12])
def test_the_overview_and_park_page_do_not_grow_with_enterprises(client, users, park, approved, count,
                                                                 django_assert_max_num_queries):
    # Given ``count`` key enterprises in the park with two years of approved output
    for n in range(count):
        approved(EnterpriseFactory(park=park), {(2025 + m // 12, m % 12 + 1): {"output": 100 + n} for m in range(24)})
    client.force_login(users[Role.COORDINATOR])

    # When the overview and the park page are opened, Then each stays under a fixed bound
    with django_assert_max_num_queries(16):
        assert client.get(reverse("monitoring_overview") + "?year=2026&month=12").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("monitoring_park", args=[park.pk]) + "?year=2026&month=12").status_code == 200
