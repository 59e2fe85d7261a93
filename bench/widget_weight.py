"""Widget weight: gzip bytes a visitor downloads for the loader and the widget page.

`widget.js` loads on every page of a business's site; the `/w/{key}` page loads in an
iframe when the visitor opens the form. The page is meant to inline its CSS and JS, so
the HTML is parsed for subresources (`src=` on any element, `href=` on `<link>`), and
any found are fetched and counted too. Bytes are gzip level 9 of what the server sends
(what a compressing proxy or CDN would ship). A benchmark: it prints numbers and asserts
nothing.

    .venv/bin/python bench/widget_weight.py
"""

import gzip
from html.parser import HTMLParser
from urllib.parse import urljoin

from _harness import running_app

import httpx

LOADER_GOAL = 2 * 1024
PAGE_GOAL = 10 * 1024
# For scale: a well-known open-source chat widget, and a blank Reflex page (DESIGN.md).
CHAT_WIDGET_BYTES = 170 * 1024
REFLEX_PAGE_BYTES = 330 * 1000


class Subresources(HTMLParser):
    """Collects the URLs a browser would fetch to render the page (`data:` URLs are inline)."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and not value.startswith("data:") and (name == "src" or (name == "href" and tag == "link")):
                self.urls.append(value)


def gzipped(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=9, mtime=0))


def main() -> None:
    with running_app(worker=False) as bench, httpx.Client(base_url=bench.base_url, timeout=10) as client:
        loader = client.get("/widget.js")
        loader.raise_for_status()
        page_url = f"/w/{bench.widget_key}"
        page = client.get(page_url)
        page.raise_for_status()
        parser = Subresources()
        parser.feed(page.text)
        extras = []
        for url in parser.urls:
            response = client.get(urljoin(f"{bench.base_url}{page_url}", url))
            extras.append((url, response.status_code, len(response.content), gzipped(response.content)))

    loader_gz = gzipped(loader.content)
    page_gz = gzipped(page.content) + sum(gz for *_, gz in extras)
    served_gzip = loader.headers.get("content-encoding") == "gzip" or page.headers.get("content-encoding") == "gzip"
    print(f"{'':<26}{'raw':>10}{'gzip':>10}")
    print(f"{'widget.js':<26}{len(loader.content):>10,}{loader_gz:>10,}")
    print(f"{'/w/{key} HTML':<26}{len(page.content):>10,}{gzipped(page.content):>10,}")
    print(f"  subresources: {len(extras)}" + ("" if extras else " (CSS and JS are inline)"))
    for url, status, raw, gz in extras:
        print(f"  {url:<24}{raw:>10,}{gz:>10,}   HTTP {status}")
    print(f"{'page + subresources':<26}{'':>10}{page_gz:>10,}")
    print(f"\nServer compresses responses itself: {'yes' if served_gzip else 'no (sizes above are what a gzip proxy/CDN sends)'}")
    print(f"Goal: widget.js under {LOADER_GOAL:,} B gzipped -> {'MET' if loader_gz < LOADER_GOAL else 'NOT MET'}")
    print(f"Goal: widget page under {PAGE_GOAL:,} B gzipped -> {'MET' if page_gz < PAGE_GOAL else 'NOT MET'}")
    opened = loader_gz + page_gz
    print(
        f"\nFor scale: a visitor who opens the form downloads {opened:,} B; a well-known open-source chat widget"
        f" ships ~{CHAT_WIDGET_BYTES // 1024} KiB ({CHAT_WIDGET_BYTES / opened:.0f}x), a Reflex page"
        f" ~{REFLEX_PAGE_BYTES // 1000} KB ({REFLEX_PAGE_BYTES / opened:.0f}x)."
    )


if __name__ == "__main__":
    main()
