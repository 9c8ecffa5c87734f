"""Statement extraction on a parsed spaCy Doc: quote marks, cues, speakers."""
