"""Every registered workflow table, walked: each action from each state by each kind of user
gives the table's answer (done) or a clear refusal (a DomainError with a message), never
another exception; and the buttons offered are exactly the actions the step allows."""

from types import SimpleNamespace

import pytest
from django.db import transaction

from efficiency_center.accounts import system_user
from efficiency_center.errors import DomainError
from efficiency_center.workflow import buttons, registered_models, step, workflow_for
from tests import samples

pytestmark = pytest.mark.django_db

ACTORS = ("staff_a", "head_a", "head_sub", "head_b", "clerk", "leader", "admin", "reviewer")


@pytest.fixture
def world(campaign, users, dept_a, dept_b, sub_of_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    people = {name: users[name] for name in ACTORS} | {"system": system_user()}
    return SimpleNamespace(
        campaign=campaign,
        users=users,
        actors=people,
        dept_a=dept_a,
        dept_b=dept_b,
        sub_of_a=sub_of_a,
    )


def test_every_table_has_a_sample():
    builders = samples.load()
    assert sorted(m._meta.label for m in registered_models()) == sorted(
        m._meta.label for m in builders
    )


def _walk(record, workflow, actors):
    model = type(record)
    field = workflow.state_field
    outcomes = []
    for state, _label in model._meta.get_field(field).flatchoices:
        model.objects.filter(pk=record.pk).update(**{field: state})
        for actor_name, actor in actors.items():
            record.refresh_from_db()
            offered = {b.name for b in buttons(record, actor)}
            for action, act in workflow.actions.items():
                allowed = workflow.refusal(record, action, actor) is None
                assert (action in offered) == (allowed and act.offered), (state, actor_name)
                with transaction.atomic():
                    savepoint = transaction.savepoint()
                    fresh = model.objects.get(pk=record.pk)
                    try:
                        step(
                            fresh,
                            action,
                            actor=actor,
                            expected_version=fresh.version,
                            comment="意见",
                        )
                        done = True
                    except DomainError as refusal:
                        assert str(refusal).strip(), (state, action, actor_name)
                        done = False
                    transaction.savepoint_rollback(savepoint)
                if not allowed:
                    assert not done, (state, action, actor_name)
                outcomes.append((state, action, actor_name, done))
    return outcomes


@pytest.mark.parametrize("label", sorted(m._meta.label for m in registered_models()))
def test_each_action_from_each_state_by_each_user(world, label):
    builders = samples.load()
    model = next(m for m in builders if m._meta.label == label)
    workflow = workflow_for(model)
    outcomes = []
    for record in builders[model](world):
        outcomes += _walk(record, workflow, world.actors)
    # The walk reached every action at least once: the table is not dead anywhere.
    assert {action for _s, action, _a, done in outcomes if done} == set(workflow.actions)
