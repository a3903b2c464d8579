"""The kinds of summary and the module that knows each one's data."""

from . import awards_year, campaign, cluster, compliance, matrix

MODULES = {
    compliance.KIND: compliance,
    campaign.KIND: campaign,
    cluster.KIND: cluster,
    awards_year.KIND: awards_year,
    matrix.KIND: matrix,
}


def module_for(kind):
    """The module of `kind`; LookupError for an unknown kind."""
    try:
        return MODULES[kind]
    except KeyError:
        raise LookupError(kind) from None
