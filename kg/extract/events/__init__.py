"""The event side of extraction: which pairs of actors a sentence states an event between.

Every two actors of a sentence are a candidate (:mod:`.candidates`); the features of the pair
(:mod:`.features`: the parse path between them, the trigger word and what patterns.yaml says of
it, mood and speech from :mod:`.mood`, roles from :mod:`.arguments`) are weighed by a model
trained on the project's own sentences (:mod:`.model`); :mod:`.reader` turns its decisions into
events with their circumstances (:mod:`.circumstances`) and memberships (:mod:`.membership`).
"""

from kg.extract.events.reader import SentenceReader

__all__ = ["SentenceReader"]
