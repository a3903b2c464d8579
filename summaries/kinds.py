"""The kinds of summary and the module that knows each one's data."""

from . import campaign, cluster, compliance

MODULES = {
    compliance.KIND: compliance,
    campaign.KIND: campaign,
    cluster.KIND: cluster,
}


def module_for(kind):
    """The module of `kind`; LookupError for an unknown kind."""
    try:
        return MODULES[kind]
    except KeyError:
        raise LookupError(kind) from None
