"""The differential fuzzer of the compiler (``rego2py fuzz``): ``generator``
makes random Rego v1 modules and inputs, ``run`` compares one with OPA,
``shrink`` minimises a mismatch, ``cases`` writes it as a conformance case,
``campaign`` runs many."""
