"""Embed code as the platforms hand it to editors, written from each platform's documented format."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

# X: publish.twitter.com's code, dark theme, with an entity, an emoji, a hashtag, a mention and a picture link.
X_DARK = (
    '<blockquote class="twitter-tweet" data-theme="dark"><p lang="en" dir="ltr">What a night at the '
    '<a href="https://twitter.com/hashtag/Pathaan?src=hash&amp;ref_src=twsrc%5Etfw">#Pathaan</a> premiere '
    '&amp; thank you Mumbai 🎉❤️ <a href="https://twitter.com/deepikapadukone?ref_src=twsrc%5Etfw">'
    '@deepikapadukone</a> <a href="https://t.co/Xy12AbCdEf">pic.twitter.com/Xy12AbCdEf</a></p>&mdash; '
    'Shah Rukh Khan (@iamsrk) <a href="https://twitter.com/iamsrk/status/1617786543210987520?ref_src=twsrc%5Etfw">'
    "January 24, 2023</a></blockquote> "
    '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>'
)

# X: the light default, on two lines (the script on its own line), with data-* options and a line break.
X_LIGHT_TWO_LINES = (
    '<blockquote class="twitter-tweet" data-lang="en" data-dnt="true" data-conversation="none">'
    '<p lang="hi" dir="ltr">पहला दिन, पहला शो!<br>First day, first show.</p>&mdash; Taran Adarsh (@taran_adarsh) '
    '<a href="https://x.com/taran_adarsh/status/1745081234567890123?ref_src=twsrc%5Etfw">January 10, 2024</a>'
    "</blockquote>\n"
    '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>'
)

# Instagram: the captioned code (data-instgrm-captioned) with its inline styles and the wrapper markup.
INSTAGRAM_CAPTIONED = (
    '<blockquote class="instagram-media" data-instgrm-captioned '
    'data-instgrm-permalink="https://www.instagram.com/p/C2xYz9AbCdE/?utm_source=ig_embed&amp;utm_campaign=loading" '
    'data-instgrm-version="14" style=" background:#FFF; border:0; border-radius:3px; margin: 1px; '
    'max-width:540px; min-width:326px; padding:0; width:99.375%;"><div style="padding:16px;"> '
    '<a href="https://www.instagram.com/p/C2xYz9AbCdE/?utm_source=ig_embed&amp;utm_campaign=loading" '
    'style=" background:#FFFFFF; line-height:0; padding:0 0; text-align:center; text-decoration:none; '
    'width:100%;" target="_blank"> <div style=" display: flex; flex-direction: row; align-items: center;">'
    '<div style="background-color: #F4F4F4; border-radius: 50%; flex-grow: 0; height: 40px; width: 40px;">'
    '</div></div><div style="padding: 19% 0;"></div><div style="padding-top: 8px;"> <div style=" color:#3897f0;'
    ' font-family:Arial,sans-serif; font-size:14px; font-weight:550;">View this post on Instagram</div></div>'
    '</a><p style=" color:#c9c8cd; font-family:Arial,sans-serif; font-size:14px; margin:8px 0 0 0;">'
    '<a href="https://www.instagram.com/p/C2xYz9AbCdE/?utm_source=ig_embed&amp;utm_campaign=loading" '
    'style=" color:#c9c8cd;" target="_blank">Saree not sorry 💛 #SabyasachiBride @sabyasachiofficial</a></p>'
    '<p style=" color:#c9c8cd; font-family:Arial,sans-serif; font-size:14px; line-height:17px; '
    "margin-bottom:0; margin-top:8px; overflow:hidden; padding:8px 0 7px; text-align:center; "
    'text-overflow:ellipsis; white-space:nowrap;"><a href="https://www.instagram.com/p/C2xYz9AbCdE/?'
    'utm_source=ig_embed&amp;utm_campaign=loading" style=" color:#c9c8cd; font-family:Arial,sans-serif; '
    'font-size:14px; font-style:normal; font-weight:normal; line-height:17px; text-decoration:none;" '
    'target="_blank">A post shared by Alia Bhatt 🤍☀️ (@aliaabhatt)</a> on <time style=" font-family:Arial,'
    'sans-serif; font-size:14px; line-height:17px;" datetime="2024-01-28T13:02:09+00:00">Jan 28, 2024 at '
    "5:02am PST</time></p></div></blockquote> "
    '<script async src="//www.instagram.com/embed.js"></script>'
)

# Instagram: an uncaptioned reel, as one long line, the byline only.
INSTAGRAM_REEL = (
    '<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/reel/C3aBcDeFgHi/'
    '?utm_source=ig_embed&amp;utm_campaign=loading" data-instgrm-version="14"><div style="padding:16px;">'
    '<a href="https://www.instagram.com/reel/C3aBcDeFgHi/?utm_source=ig_embed&amp;utm_campaign=loading" '
    'target="_blank">View this post on Instagram</a><p><a href="https://www.instagram.com/reel/C3aBcDeFgHi/'
    '?utm_source=ig_embed&amp;utm_campaign=loading" target="_blank">A post shared by Diljit Dosanjh '
    "(@diljitdosanjh)</a></p></div></blockquote> "
    '<script async src="//www.instagram.com/embed.js"></script>'
)

# TikTok: the oEmbed html TikTok documents, with hashtags and the sound credit.
TIKTOK = (
    '<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@scout2015/video/6718335390845095173" '
    'data-video-id="6718335390845095173" data-embed-from="oembed" style="max-width: 605px;min-width: 325px;" > '
    '<section> <a target="_blank" title="@scout2015" href="https://www.tiktok.com/@scout2015?refer=embed">'
    "@scout2015</a> <p>Scramble up ur name &amp; I’ll try to guess it😍❤️ "
    '<a title="foryoupage" target="_blank" href="https://www.tiktok.com/tag/foryoupage?refer=embed">#foryoupage</a>'
    ' <a title="PetsOfTikTok" target="_blank" href="https://www.tiktok.com/tag/petsoftiktok?refer=embed">'
    '#petsoftiktok</a></p> <a target="_blank" title="♬ original sound - tiff" '
    'href="https://www.tiktok.com/music/original-sound-6689804660171082501?refer=embed">♬ original sound - '
    "tiff</a> </section> </blockquote> "
    '<script async src="https://www.tiktok.com/embed.js"></script>'
)

# YouTube: "Share → Embed", with the si= tracking parameter and the permissions YouTube adds.
YOUTUBE = (
    '<iframe width="560" height="315" src="https://www.youtube.com/embed/dQw4w9WgXcQ?si=Ab12Cd34Ef56Gh78" '
    'title="YouTube video player" frameborder="0" allow="accelerometer; autoplay; clipboard-write; '
    'encrypted-media; gyroscope; picture-in-picture; web-share" referrerpolicy="strict-origin-when-cross-origin" '
    "allowfullscreen></iframe>"
)

# YouTube, privacy-enhanced mode, with a real title.
YOUTUBE_NOCOOKIE = (
    '<iframe width="560" height="315" src="https://www.youtube-nocookie.com/embed/Kx1V3ZcmvWQ" '
    'title="Jawan | Official Hindi Trailer | Shah Rukh Khan" frameborder="0" allowfullscreen></iframe>'
)

# Facebook: the Embedded Posts plugin iframe, the post's address in ?href=.
FACEBOOK = (
    '<iframe src="https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2F'
    'PriyankaChopra%2Fposts%2F10154009990506729&show_text=true&width=500" width="500" height="498" '
    'style="border:none;overflow:hidden" scrolling="no" frameborder="0" allowfullscreen="true" '
    'allow="autoplay; clipboard-write; encrypted-media; picture-in-picture; web-share"></iframe>'
)

# Hostile variants: what an attacker (or a compromised tool) could paste.
X_HOSTILE = (
    '<blockquote class="twitter-tweet" onmouseover="alert(1)" style="background:url(javascript:alert(2))">'
    '<p lang="en" dir="ltr" onclick="alert(3)">Free tickets! <a href="javascript:alert(4)">click here</a> '
    '<a href="https://evil.example/steal?c=1">evil.example/steal</a> <a href="data:text/html,<b>x</b>">data</a> '
    '<img src="x" onerror="alert(5)"><script>alert(6)</script><style>body{display:none}</style>'
    '<iframe src="https://evil.example/"></iframe>&lt;script&gt;alert(7)&lt;/script&gt;</p>&mdash; '
    'Scam Bot (@scambot) <a href="https://twitter.com/scambot/status/1745000000000000001">Jan 1, 2024</a>'
    "</blockquote> <script>alert(8)</script>"
)

# Bluesky: the app's "Embed post" code (docs.bsky.app, oEmbed and Post Embed Widget): the post's AT-URI and
# CID, the text with a link to the post's media, the byline linking the author's DID, the date link.
BLUESKY = (
    '<blockquote class="bluesky-embed" data-bluesky-uri="at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/'
    '3kqmooj3ems2w" data-bluesky-cid="bafyreicfbeae3zz7fjqwrdquqkwzvv7ixudbgr26ho37r4bbchigm6bkua" '
    'data-bluesky-embed-color-mode="system"><p lang="en">Front row at the Dil Se Dobara screening 🎬 the '
    "crowd sang every word @filmfare.bsky.social #DilSeDobara<br><br>"
    '<a href="https://bsky.app/profile/did:plc:ewvi7nxzyoun6zhxrhs64oiz/post/3kqmooj3ems2w?ref_src=embed">'
    '[image or embed]</a></p>&mdash; Meera Reviews (<a href="https://bsky.app/profile/'
    'did:plc:ewvi7nxzyoun6zhxrhs64oiz?ref_src=embed">@meerareviews.bsky.social</a>) <a href="https://bsky.app/'
    'profile/did:plc:ewvi7nxzyoun6zhxrhs64oiz/post/3kqmooj3ems2w?ref_src=embed">Apr 21, 2024 at 11:39</a>'
    "</blockquote>"
    '<script async src="https://embed.bsky.app/static/embed.js" charset="utf-8"></script>'
)

# Threads: the "Get embed code" snippet (developers.facebook.com, Embed a Threads Post): only the address
# and the author, with Threads' logo as inline SVG; the post itself is drawn by Threads' script.
THREADS = (
    '<blockquote class="text-post-media" data-text-post-permalink="https://www.threads.com/@karanjohar/post/'
    'DCx1Ab2Cd3E" data-text-post-version="0" id="ig-tp-DCx1Ab2Cd3E" style=" background:#FFF; border-width: '
    "1px; border-style: solid; border-color: #00000026; border-radius: 16px; max-width:540px; margin: 1px; "
    'min-width:270px; padding:0; width:99.375%;"> <a href="https://www.threads.com/@karanjohar/post/DCx1Ab2Cd3E"'
    ' style=" background:#FFFFFF; line-height:0; padding:0 0; text-align:center; text-decoration:none; '
    'width:100%; font-family: -apple-system, BlinkMacSystemFont, sans-serif;" target="_blank"> <div style=" '
    'padding: 40px; display: flex; flex-direction: column; align-items: center;"><div style=" display:block; '
    'height:32px; width:32px; padding-bottom:20px;"> <svg aria-label="Threads" height="32px" role="img" '
    'viewBox="0 0 192 192" width="32px" xmlns="http://www.w3.org/2000/svg"><path d="M141.537 88.9883C140.71 '
    '88.5919 139.87 88.2104 139.019 87.8451Z"></path></svg></div> <div style=" font-size: 15px; line-height: '
    '21px; color: #999999; font-weight: 400; padding-bottom: 4px; "> Post by @karanjohar</div> <div style=" '
    'font-size: 15px; line-height: 21px; color: #000000; font-weight: 600; "> View on Threads</div></div></a>'
    "</blockquote>\n"
    '<script async src="https://www.threads.com/embed.js"></script>'
)

INSTAGRAM_WITHOUT_LINK = (
    '<blockquote class="instagram-media" data-instgrm-version="14"><div><p><a href="https://example.com/">'
    "A post shared by Someone (@someone)</a></p></div></blockquote>"
)


class OEmbedServer:
    """Answers GET /oembed/<platform>?url=… with whatever the test set for that post address."""

    def __init__(self):
        self.answers = {}  # post address → (status, body bytes, seconds to wait first)
        self.requests = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                query = parse_qs(urlsplit(self.path).query)
                server.requests.append({"path": self.path, "query": query, "agent": self.headers["User-Agent"]})
                status, body, delay = server.answers.get(query.get("url", [""])[0], (404, b"{}", 0))
                time.sleep(delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting: that is the point of the slow answer

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self):
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def serve(self, settings, *platforms):
        """Point these platforms' oEmbed endpoints (the settings fixture's) at this server."""
        settings.SOCIAL_OEMBED_ENDPOINTS = {
            **settings.SOCIAL_OEMBED_ENDPOINTS,
            **{platform: f"{self.base}/oembed/{platform}" for platform in platforms},
        }
        return self

    def answer(self, post_address, data=None, *, status=200, body=None, delay=0):
        self.answers[post_address] = (status, body if body is not None else json.dumps(data).encode(), delay)


# An article body as an editor pastes a fan-reaction roundup: four posts on lines of their own (lines 5, 7, 8
# and 10) among paragraphs. Read by the body's tests and the pages the HTML checker judges.
ROUNDUP = f"""Fans could not stop talking about the trailer.

Here's how fans reacted:

{X_DARK}

https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s
https://www.instagram.com/reel/C3aBcDeFgHi/?igsh=abc

{TIKTOK}

The film opens on Friday."""
