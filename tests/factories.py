import factory
from django.contrib.auth.models import Group

from accounts.models import Organization, User
from accounts.roles import Role


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"Sở Thông tin và Truyền thông tỉnh Thử nghiệm {n}")
    short_name = factory.Sequence(lambda n: f"Sở TTTT Thử nghiệm {n}")
    kind = Organization.Kind.PROVINCIAL_DEPARTMENT
    province = factory.Sequence(lambda n: f"Tỉnh {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    first_name = "An"
    last_name = "Nguyễn Văn"
    password = factory.django.Password("password")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            group, _ = Group.objects.get_or_create(name=Role(extracted).value)
            self.groups.add(group)
