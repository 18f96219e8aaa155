"""Measuring the extractor: gold readers (:mod:`.gold`), strict scoring with named leniencies
(:mod:`.score`), the actor layer alone (:mod:`.actors`) and reports (:mod:`.report`)."""
