"""
Who may do what to an article. The admin, the services, the previews and the desk all ask these
functions, so a role's rights are written once; the editorial workflow (issue 10) fills them in.
"""


def can_publish(user):
    """Publish, schedule, unpublish and send back any article."""
    return user.has_perm("articles.change_article")


def can_edit(user, article):
    """Change `article`'s text and fields as it stands now."""
    return user.has_perm("articles.change_article")


def can_preview(user, article):
    """Read `article` as readers will see it before it is live, and share a preview link to it."""
    return user.has_perm("articles.view_article") or can_edit(user, article)
