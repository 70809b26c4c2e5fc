"""Admin glue shared by the apps' admins. It imports no app, so every app's admin may use it."""

from django.contrib import messages
from django.contrib.admin.utils import model_ngettext
from django.core.exceptions import ValidationError

MAX_REFUSALS_SHOWN = 10


def apply_to_selected(modeladmin, request, queryset, service, done, **service_kwargs):
    """A bulk action: `service(obj, **service_kwargs)` on each selected object, then what happened.

    The service refuses an object by raising ValidationError, and the action carries on with the next. The
    editor reads how many objects changed ("3 comments approved.": `done` is what the action did, the noun
    is the model's verbose name, singular or plural) and why the others were refused: the first ten
    reasons, then how many more.
    """
    changed, refused = 0, []
    for obj in queryset:
        try:
            service(obj, **service_kwargs)
        except ValidationError as error:
            refused.append(" ".join(error.messages))
        else:
            changed += 1
    if changed:
        modeladmin.message_user(request, f"{changed} {model_ngettext(queryset, changed)} {done}.", messages.SUCCESS)
    for reason in refused[:MAX_REFUSALS_SHOWN]:
        modeladmin.message_user(request, reason, messages.WARNING)
    if len(refused) > MAX_REFUSALS_SHOWN:
        modeladmin.message_user(request, f"…and {len(refused) - MAX_REFUSALS_SHOWN} more refused.", messages.WARNING)
