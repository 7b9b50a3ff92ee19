from tests.samples import sample
from tests.workflow_app.models import Memo


@sample(Memo)
def memos(world):
    return [
        Memo.objects.create(department=world.dept_a, title="方案"),
        Memo.objects.create(department=world.sub_of_a, title="所方案"),
    ]
