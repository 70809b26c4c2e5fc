"""
Embedded social posts: an editor pastes a post's address or the platform's embed code on a line of its own
in an article body; Newsroom archives the post and readers see a first-party card rendered from the archive.

- `urls`: which addresses are posts, on which platform, and the one canonical spelling of each.
- `embeds`: reading the platforms' official embed code (hostile input) into plain fields, offline.
- `text`: the one place a post's text becomes HTML (links only to the platform, sanitised by nh3).
- `oembed`: asking a platform's public oEmbed endpoint about a post, with short timeouts.
- `services`: archiving, linking posts to articles, fetching in the background and re-checking.
- `cards`: placing the cards in a rendered body at request time.

docs/social-posts.md explains it for editors and operators.
"""
