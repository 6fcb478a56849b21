"""seed_demo --districts: the demo gets a city view with two imported districts and one conflict to decide."""

import pytest
from django.core.management import call_command

from tuijin.exchange.models import Conflict, ConflictStatus, DistrictFeed
from tuijin.projects.models import Project
from tests.factories import industry


@pytest.mark.django_db(transaction=True)
def test_the_demo_city_has_two_districts_and_a_conflict():
    industry("39")  # the GB/T 4754 classes the demo's enterprises need (a flush before may have removed them)
    call_command("seed_demo", projects=20, seed=5, districts=True, verbosity=0)
    assert sorted(DistrictFeed.objects.values_list("name", flat=True)) == ["新津区", "郫都区"]
    assert Project.objects.filter(code__startswith="510117-").count() == 24
    assert Conflict.objects.filter(status=ConflictStatus.OPEN).count() == 1
