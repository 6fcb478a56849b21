"""The demo has articles waiting in the review queue and one accepted lead whose note links its article."""

from tuijin.demo.intel import seed_intel
from tuijin.intel.models import Finding, FindingStatus
from tuijin.promotion.models import Lead, LeadSource


def test_the_demo_queue_and_its_accepted_lead(coordinator, project):
    count = seed_intel(seed=1)
    assert count >= 4
    assert Finding.objects.filter(status=FindingStatus.PENDING).count() >= 3
    lead = Lead.objects.get(source=LeadSource.INTELLIGENCE)
    assert lead.name == "锐新储能电池模组项目" and "/intel/articles/" in lead.note
    assert Finding.objects.get(lead=lead).status == FindingStatus.ACCEPTED
