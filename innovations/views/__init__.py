"""Pages of the forge: the public catalogue, the owners' proposals, moderation."""

from innovations.views.moderation import (  # noqa: F401
    ModerateAdaptationView,
    ModerateInnovationView,
    ModerationQueueView,
)
from innovations.views.owners import (  # noqa: F401
    ArchiveAdaptationView,
    ArchiveInnovationView,
    EditAdaptationView,
    EditInnovationView,
    MyInnovationsView,
    ProposeAdaptationView,
    ProposeInnovationView,
)
from innovations.views.public import (  # noqa: F401
    InnovationDetailView,
    InnovationListView,
    InnovationMapDataView,
)
