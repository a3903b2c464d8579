import datetime

import factory

from campaigns.models import Campaign, CampaignTask, CampaignTheme, Directive, Field, Target


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Lĩnh vực thử nghiệm {n}")
    position = factory.Sequence(lambda n: n)


class DirectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Directive

    number = factory.Sequence(lambda n: f"{n + 1}/CT-TEST")
    issued_on = datetime.date(2021, 12, 13)
    signer = "Nguyễn Văn Thử"
    signer_position = "Bộ trưởng"
    title = factory.Sequence(lambda n: f"Về công tác thi đua, khen thưởng (thử nghiệm {n})")
    year = 2022


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Phong trào thi đua thử nghiệm {n}")
    kind = Campaign.Kind.REGULAR
    directive = factory.SubFactory(DirectiveFactory)
    start_date = datetime.date(2022, 1, 1)
    end_date = datetime.date(2022, 12, 31)
    all_organizations = True

    @factory.post_generation
    def participants(self, create, extracted, **kwargs):
        if create and extracted:
            self.participants.add(*extracted)

    @factory.post_generation
    def fields(self, create, extracted, **kwargs):
        if create and extracted:
            self.fields.add(*extracted)


class CampaignThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampaignTheme

    campaign = factory.SubFactory(CampaignFactory)
    year = 2022
    text = "Chủ đề thử nghiệm"


class CampaignTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampaignTask

    campaign = factory.SubFactory(CampaignFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Nhiệm vụ thử nghiệm {n}")


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    campaign = factory.SubFactory(CampaignFactory)
    field = factory.SubFactory(FieldFactory)
    text = factory.Sequence(lambda n: f"Mục tiêu thử nghiệm {n}")
