"""Every page names the brand icon, and the icon is served: no 404 for a favicon on any page."""

import re

import pytest

from tuijin.accounts.models import Role


@pytest.mark.parametrize("url", ["/login/", "/", "/battle-map/screen/", "/no-such-page/"])
def test_every_page_links_an_icon_that_is_served(client, users, url):
    # Given a signed-in coordinator (the login page is opened before signing in)
    if url != "/login/":
        client.force_login(users[Role.COORDINATOR])

    # When a page is opened
    page = client.get(url).content.decode()

    # Then it links the SVG icon, and that file comes back as an SVG in the brand red
    href = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page).group(1)
    icon = client.get(href)
    assert icon.status_code == 200 and icon["Content-Type"].startswith("image/svg+xml")
    assert b'fill="#b71c1c"' in b"".join(icon.streaming_content if icon.streaming else [icon.content])
