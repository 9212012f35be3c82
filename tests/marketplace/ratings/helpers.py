"""What the ratings' tests share: the scores and addresses they use, a moderator's decision in the admin and a
member's running figures."""

from django.urls import reverse

from marketplace.ratings import statistics
from marketplace.ratings.models import DIMENSIONS, ModerationDecision, RatingStatistics

GOOD = {"overall": 5, "communication": 4, "quality": 5, "timeliness": 4, "professionalism": 5}
FAIR = {"overall": 3, "communication": 3, "quality": 2, "timeliness": 4, "professionalism": 3}
QUEUE = "/admin/ratings/reviews/"
Action = ModerationDecision.Action


def profile_url(user) -> str:
    return f"/en/freelancers/{user.profile.slug}/"


def url(name, rating):
    return reverse(f"rating_moderation:{name}", args=[rating.pk])


def scores(overall, others=4):
    return {dimension: overall if dimension == "overall" else others for dimension in DIMENSIONS}


def running(user) -> dict:
    figures = statistics.derived(user.pk)
    stats = RatingStatistics.objects.get(user=user)
    return {key: getattr(stats, key) for key in figures}


def decide(client, review, action, note=""):
    return client.post(url("decide", review), {"action": action, "note": note}, follow=True)
