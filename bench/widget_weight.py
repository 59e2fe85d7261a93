"""Widget weight: gzip bytes a visitor downloads for the loader and the widget page.

`widget.js` loads on every page of a business's site, and fetches the widget's config
before drawing its button; the `/w/{key}` page loads in an iframe when the visitor
opens the form. The page is meant to inline its CSS and JS, so the HTML is parsed for
subresources (`src=` on any element, `href=` on `<link>`), and any found are fetched and
counted too. Bytes are gzip level 9 of the bodies the server sends (what a compressing
proxy or CDN would ship; headers not counted; tiny bodies count raw). A benchmark: it prints numbers and
asserts nothing.

    .venv/bin/python bench/widget_weight.py
"""

import gzip
from html.parser import HTMLParser
from urllib.parse import urljoin

from _harness import running_app  # first: puts the project on sys.path

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
    """Gzip level 9 size; a body too small to gain from it is counted as sent raw."""
    return min(len(body), len(gzip.compress(body, compresslevel=9, mtime=0)))


def fetch(client: httpx.Client, url: str) -> httpx.Response:
    response = client.get(url)
    response.raise_for_status()
    return response


def row(label: str, response: httpx.Response) -> int:
    """Print one download; its gzip size."""
    size = gzipped(response.content)
    print(f"  {label:<34}{len(response.content):>8,}{size:>8,}")
    return size


def main() -> None:
    with running_app(worker=False) as bench, httpx.Client(base_url=bench.base_url, timeout=10) as client:
        page_url = f"{bench.base_url}/w/{bench.widget_key}"
        loader = fetch(client, "/widget.js")
        # What widget.js asks for on every page view before it draws the button.
        config = fetch(client, f"/api/v1/widget/{bench.widget_key}/config?host=bench.test")
        page = fetch(client, page_url)
        parser = Subresources()
        parser.feed(page.text)
        extras = [(url, fetch(client, urljoin(page_url, url))) for url in parser.urls]

        print(f"  {'':<34}{'raw':>8}{'gzip':>8}")
        print("On every page of the business's site:")
        loader_gz = row("widget.js", loader)
        loader_total = loader_gz + row("config JSON (fetched by widget.js)", config)
        print("When the visitor opens the form:")
        page_total = row("/w/{key} HTML", page)
        page_total += sum(row(url, response) for url, response in extras)
        print(f"  subresources: {len(extras)}" + ("" if extras else " (CSS and JS are inline)"))

    compressed = any(r.headers.get("content-encoding") for r in (loader, config, page))
    print(f"\nServer compresses responses itself: {'yes' if compressed else 'no (gzip sizes are what a proxy/CDN sends)'}")
    print(f"Goal: widget.js under {LOADER_GOAL:,} B gzipped -> {'MET' if loader_gz < LOADER_GOAL else 'NOT MET'}"
          f" ({loader_gz:,} B; {loader_total:,} B with its config request)")
    print(f"Goal: widget page under {PAGE_GOAL:,} B gzipped -> {'MET' if page_total < PAGE_GOAL else 'NOT MET'}"
          f" ({page_total:,} B in {1 + len(extras)} request{'s' if extras else ''})")
    opened = loader_total + page_total
    print(
        f"\nFor scale: a visitor who opens the form downloads {opened:,} B; a well-known open-source chat widget"
        f" ships ~{CHAT_WIDGET_BYTES // 1024} KiB ({CHAT_WIDGET_BYTES / opened:.0f}x), a Reflex page"
        f" ~{REFLEX_PAGE_BYTES // 1000} KB ({REFLEX_PAGE_BYTES / opened:.0f}x)."
    )


if __name__ == "__main__":
    main()
