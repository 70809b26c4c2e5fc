from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from articles.models import Article
from comments import readers, services, thread
from comments.forms import CommentForm, FlagForm
from comments.models import Comment
from comments.readers import client_ip


def published_article(pk):
    return get_object_or_404(Article.objects.published().select_related("section"), pk=pk)


@require_POST
def post_comment(request, article_id):
    """Post a comment. The browser's key cookie is set (or renewed) on every answer, as on every POST of ours.

    A page's script posts with fetch and says so (X-Requested-With: fetch): it gets 201 with the comment's
    Location instead of a redirect, and every error page as it is, to put its form in place of its own.
    """
    browser = readers.identify(request)
    response = answer_post(request, article_id, browser)
    readers.remember_browser(response, browser)
    return response


def answer_post(request, article_id, browser):
    article = published_article(article_id)
    policy = services.policy_for(article)
    if not policy.is_open:
        return render(request, "comments/closed.html", {"article": article, "policy": policy}, status=403)
    form = CommentForm(request.POST, article=article)
    context = {"article": article, "form": form, "policy": policy}
    if not form.is_valid():
        return render(request, "comments/comment_form.html", context, status=400)
    parent = None
    if form.cleaned_data["parent"]:
        parent = Comment.objects.filter(pk=form.cleaned_data["parent"], article=article).first()
        if parent is None:
            form.add_error(None, "The comment you replied to is no longer there. You can post yours as a new comment.")
            form.data = form.data.copy()
            form.data["parent"] = ""
            return render(request, "comments/comment_form.html", context, status=400)
    try:
        comment = services.submit_comment(
            article=article,
            parent=parent,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            text=form.cleaned_data["text"],
            ip_address=client_ip(request),
            user_agent=request.headers.get("User-Agent", ""),
            user=request.user,
            honeypot=form.cleaned_data["website"],
            form_age=form.form_age,
            quick_tries=form.quick_tries,
            reader_key=readers.reader_key(browser),
            policy=policy,
        )
    except services.RateLimited as limited:
        response = render(
            request,
            "comments/rate_limited.html",
            {**context, "retry_after": limited.retry_after, "notice": limited.notice},
            status=429,
        )
        response["Retry-After"] = str(limited.retry_after)
        return response
    except services.CommentsClosed as closed:
        return render(request, "comments/closed.html", {"article": article, "policy": closed}, status=403)
    except services.TooFast as quick:
        form.add_error(None, quick)
        form.renew_token(quick_tries=form.quick_tries + 1)
        return render(request, "comments/comment_form.html", context, status=400)
    except ValidationError as error:
        form.add_error(None, error)
        return render(request, "comments/comment_form.html", context, status=400)

    fragment = "#comments"
    if comment.status == Comment.Status.PUBLISHED:
        messages.success(request, "Thank you: your comment is published.")
        fragment = f"#comment-{comment.pk}"
    elif comment.is_awaiting_moderation():
        messages.success(request, "Thank you: your comment is awaiting moderation. Only you can see it until then.")
        fragment = f"#comment-{comment.pk}"
    elif comment.rule == "duplicate":
        messages.info(request, "You had already sent this comment, so we kept the first one.")
    elif comment.status == Comment.Status.REJECTED:
        messages.error(request, "Sorry, your comment was not published: it breaks our comment rules.")
    else:
        # Robots are told nothing useful about why their comment went nowhere.
        messages.success(request, "Thank you: your comment was received.")
    location = article.get_absolute_url() + fragment
    if request.headers.get("X-Requested-With") == "fetch":
        response = HttpResponse(status=201)
        response["Location"] = location
    else:
        response = redirect(location)
    if comment.status != Comment.Status.SPAM:
        thread.remember_own_comment(request, response, comment)
    return response


def comment_page(request, article_id):
    """One page of an article's threads: the paginated, crawlable list behind "Show more comments"."""
    article = published_article(article_id)
    data = thread.thread_page(request, article, request.GET.get("page") or 1)
    return render(request, "comments/comment_list.html", {"article": article, **data})


@require_http_methods(["GET", "POST"])
def flag(request, comment_id):
    comment = get_object_or_404(
        Comment.objects.published().select_related("article__section"),
        pk=comment_id,
        article__in=Article.objects.published(),
    )
    form = FlagForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.flag_comment(comment, reason=form.cleaned_data["reason"], ip_address=client_ip(request))
        return render(request, "comments/flagged.html", {"comment": comment, "article": comment.article})
    return render(request, "comments/flag_form.html", {"comment": comment, "article": comment.article, "form": form})


def reply(request, comment_id):
    """The reply form on a page of its own, for readers without JavaScript (the script opens a dialog)."""
    parent = get_object_or_404(
        Comment.objects.published().for_thread().select_related("article__section"),
        pk=comment_id,
        article__in=Article.objects.published(),
    )
    article = parent.article
    policy = services.policy_for(article)
    if not policy.is_open:
        return render(request, "comments/closed.html", {"article": article, "policy": policy}, status=403)
    form = CommentForm(article=article, initial={"parent": parent.parent_id or parent.pk})
    context = {"article": article, "form": form, "parent": parent, "policy": policy}
    return render(request, "comments/comment_form.html", context)
