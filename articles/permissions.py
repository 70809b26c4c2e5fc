"""
Who may do what to an article. The admin, the services, the previews and the desk all ask these
functions, so a role's rights are written once (the roles themselves: articles/apps.py).

Writers start stories and edit their own drafts, including those sent back to them; once a story is in
review, scheduled or live it is the editors'. Editors (articles.publish_article) and superusers edit
everything.
"""


def can_publish(user):
    """Publish, schedule, unpublish and send back any article (a superuser has every permission)."""
    return user.has_perm("articles.publish_article")


def can_edit(user, article):
    """Change `article`'s text and fields as it stands now."""
    if can_publish(user):
        return True
    if not user.has_perm("articles.change_article"):
        return False
    if article.pk is None:
        return True
    return article.created_by_id == user.pk and article.status == article.Status.DRAFT


def can_preview(user, article):
    """Read `article` as readers will see it before it is live, and share a preview link to it."""
    return user.has_perm("articles.view_article") or can_edit(user, article)
