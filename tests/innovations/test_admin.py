"""The forge's admin: a city change follows the rules of the edit service, the status
changes only through moderation actions that record a Decision."""

import pytest
from django.urls import reverse

from innovations.models import Adaptation, ForgeStatus, Innovation
from tests.factories import ActorFactory
from tests.innovations.factories import AdaptationFactory, InnovationFactory, north_south_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return north_south_world()


def change_data(innovation, **extra):
    data = {
        "title": innovation.title, "slug": innovation.slug, "summary": innovation.summary,
        "description": innovation.description,
        "actors": [actor.pk for actor in innovation.actors.all()],
        "city": innovation.city_id, "licence": innovation.licence,
        "documentation_url": innovation.documentation_url, "stage": innovation.stage,
        "image_alt": "", "source": "",
        "decisions-TOTAL_FORMS": 0, "decisions-INITIAL_FORMS": 0,
        "decisions-MIN_NUM_FORMS": 0, "decisions-MAX_NUM_FORMS": 0,
    }
    data.update(extra)
    return data


def test_changing_the_city_in_the_admin_follows_the_edit_rules(staff_client, world):
    rennes_actor, liege_actor = (ActorFactory(city=world["rennes"]),
                                 ActorFactory(city=world["liege"]))
    innovation = InnovationFactory(city=world["rennes"], actors=[rennes_actor, liege_actor])
    adaptation = AdaptationFactory(innovation=innovation,
                                   actor=ActorFactory(city=world["dakar"]))
    url = reverse("admin:innovations_innovation_change", args=[innovation.pk])
    # A city where it was adapted: refused with a message.
    response = staff_client.post(url, change_data(innovation, city=world["dakar"].pk))
    assert response.status_code == 200
    assert "city" in response.context["adminform"].form.errors
    # A city none of its actors is in: refused too.
    response = staff_client.post(url, change_data(innovation, city=world["yaounde"].pk))
    assert "city" in response.context["adminform"].form.errors
    innovation.refresh_from_db()
    assert innovation.city == world["rennes"]
    # The city of a co-author: the adaptations follow.
    response = staff_client.post(url, change_data(innovation, city=world["liege"].pk))
    assert response.status_code == 302
    innovation.refresh_from_db()
    adaptation.refresh_from_db()
    assert innovation.city == world["liege"] and adaptation.origin_city == world["liege"]


def test_the_status_is_read_only_and_changed_by_actions(staff_client, world):
    pending = [InnovationFactory(city=world["rennes"], status=ForgeStatus.PENDING)
               for _ in range(2)]
    url = reverse("admin:innovations_innovation_change", args=[pending[0].pk])
    form = staff_client.get(url).context["adminform"].form
    assert "status" not in form.fields
    staff_client.post(url, change_data(pending[0], status=ForgeStatus.PUBLISHED))
    pending[0].refresh_from_db()
    assert pending[0].status == ForgeStatus.PENDING
    changelist = reverse("admin:innovations_innovation_changelist")
    staff_client.post(changelist, {"action": "approve_selected",
                                   "_selected_action": [pending[0].pk]})
    staff_client.post(changelist, {"action": "reject_selected",
                                   "_selected_action": [pending[1].pk]})
    approved, rejected = (Innovation.objects.get(pk=item.pk) for item in pending)
    assert approved.status == ForgeStatus.PUBLISHED
    assert approved.decisions.get().action == "approved"
    assert approved.decisions.get().decided_by.is_staff
    assert rejected.status == ForgeStatus.REJECTED and rejected.decisions.get().message
    # Approving a rejected one is refused with a message, nothing changes.
    response = staff_client.post(changelist, {"action": "approve_selected",
                                              "_selected_action": [rejected.pk]}, follow=True)
    assert [m.level_tag for m in response.context["messages"]][-1] == "error"
    rejected.refresh_from_db()
    assert rejected.status == ForgeStatus.REJECTED
    adaptation = AdaptationFactory(innovation=approved, actor=ActorFactory(city=world["dakar"]))
    staff_client.post(reverse("admin:innovations_adaptation_changelist"), {
        "action": "archive_selected", "_selected_action": [adaptation.pk]})
    adaptation = Adaptation.objects.get(pk=adaptation.pk)
    assert adaptation.status == ForgeStatus.ARCHIVED
    assert adaptation.decisions.get().action == "archived"
    form = staff_client.get(reverse("admin:innovations_adaptation_change",
                                    args=[adaptation.pk])).context["adminform"].form
    assert "status" not in form.fields
