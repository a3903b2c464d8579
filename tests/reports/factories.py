import factory

from reports.models import QuarterlyReport
from reports.services import create_period


def make_period(year=2026, quarter=2):
    return create_period(year=year, quarter=quarter)[0]


class QuarterlyReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuarterlyReport

    organization = factory.SubFactory("tests.factories.OrganizationFactory")
    period = factory.LazyFunction(make_period)
    organization_name = factory.LazyAttribute(lambda report: report.organization.name)
    status = QuarterlyReport.Status.DRAFT
