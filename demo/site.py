"""The demo's site settings: the app promotion, a few social profiles and footer links (demo/content/site.toml)."""

from articles.site_settings import update_site_settings
from demo import content


def load(stdout):
    data = content.read("site")
    promotion = data["app_promotion"]
    update_site_settings(
        tagline=data["tagline"],
        **{f"{platform}_url": url for platform, url in data["social_profiles"].items()},
        app_promotion_heading=promotion["heading"],
        app_promotion_text=promotion["text"],
        app_store_url=promotion["app_store"],
        google_play_url=promotion["google_play"],
        footer_links=[(link["label"], link["url"]) for link in data["footer_links"]],
    )
    stdout.write(
        f"Demo site settings: the app promotion, {len(data['social_profiles'])} social profiles, "
        f"{len(data['footer_links'])} footer links."
    )
