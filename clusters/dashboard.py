"""The clusters panel of the home dashboard: a unit officer's cluster, term and pledge to act on."""

from accounts.dashboard import Panel
from accounts.permissions import is_unit_officer

from .models import ClusterMembership, ClusterTerm, Pledge


def panels(request):
    """The officer's cluster in the latest year it is recorded, with what awaits the unit."""
    user = request.user
    if not is_unit_officer(user):
        return []
    membership = (
        ClusterMembership.objects.filter(organization_id=user.organization_id)
        .select_related("cluster")
        .order_by("-year")
        .first()
    )
    if membership is None:
        return []
    term = (
        ClusterTerm.objects.filter(cluster_id=membership.cluster_id, year=membership.year)
        .select_related("chair", "vice_chair")
        .first()
    )
    pledge = Pledge.objects.filter(cluster_id=membership.cluster_id, year=membership.year).first()
    signed = pledge is not None and pledge.signatures.filter(organization_id=user.organization_id).exists()
    context = {"membership": membership, "term": term, "pledge": pledge, "signed": signed}
    return [Panel("clusters/_panel_cluster.html", context, order=40)]
