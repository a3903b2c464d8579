"""The clusters panel of the home dashboard: a unit officer's cluster, term and pledge to act on.

Read lazily, inside the home page's cached part (`Panel.cached`); a unit in no cluster gets
a panel that renders nothing.
"""

from django.db.models import Exists, OuterRef

from accounts.dashboard import Panel, lazy
from accounts.permissions import is_unit_officer

from .models import ClusterMembership, ClusterTerm, Pledge, PledgeSignature


def cluster_context(organization_id):
    """The unit's cluster in the latest year it is recorded, its term and pledge, or no membership."""
    membership = (
        ClusterMembership.objects.filter(organization_id=organization_id)
        .select_related("cluster")
        .order_by("-year")
        .first()
    )
    if membership is None:
        return {"membership": None}
    term = (
        ClusterTerm.objects.filter(cluster_id=membership.cluster_id, year=membership.year)
        .select_related("chair", "vice_chair")
        .first()
    )
    # Whether the unit signed, in the pledge's own query.
    pledge = (
        Pledge.objects.filter(cluster_id=membership.cluster_id, year=membership.year)
        .annotate(signed=Exists(PledgeSignature.objects.filter(pledge=OuterRef("pk"), organization_id=organization_id)))
        .first()
    )
    return {"membership": membership, "term": term, "pledge": pledge, "signed": bool(pledge and pledge.signed)}


def panels(request):
    """The officer's cluster panel; what it shows is read only when its cached part is not reused."""
    user = request.user
    if not is_unit_officer(user):
        return []
    organization_id = user.organization_id
    return [
        Panel("clusters/_panel_cluster.html", lazy(lambda: cluster_context(organization_id)), order=40, cached=True)
    ]
