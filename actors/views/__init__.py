"""Actor pages: the public map and directory, the owners' pages, moderation."""

from actors.views.moderation import (  # noqa: F401
    ModerateActorView,
    ModerationQueueView,
)
from actors.views.organisations import (  # noqa: F401
    ArchiveActorView,
    ConfirmActiveView,
    EditActorView,
    MyActorsView,
    RegisterActorView,
)
from actors.views.public import (  # noqa: F401
    ActorDetailView,
    ActorListView,
    ActorMapView,
    EmbedView,
    KindStylesView,
    MapActorDetailView,
    MapFeedView,
)
