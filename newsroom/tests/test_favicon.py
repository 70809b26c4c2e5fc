def test_the_favicon_browsers_ask_for_by_themselves_leads_to_the_sites_own_mark(client):
    response = client.get("/favicon.ico")

    assert (response.status_code, response["Location"]) == (301, "/static/favicon.svg")
