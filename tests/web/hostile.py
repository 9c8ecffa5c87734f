"""What the XSS fixture article (fixtures/harbour-site.txt) runs if the reader ever executes it."""

PWNED = "window.__pwned=1"
