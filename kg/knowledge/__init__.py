"""The actor knowledge base: schema-checked files of ontology/, immutable once loaded.

>>> from kg.knowledge import load_knowledge
>>> kb = load_knowledge()                                  # doctest: +SKIP
>>> kb.state_actor("SUN").label                            # doctest: +SKIP
'Soviet Union'
"""

from kg.knowledge.base import ACTOR_CLASSES, KnowledgeBase, load_knowledge

__all__ = ["ACTOR_CLASSES", "KnowledgeBase", "load_knowledge"]
