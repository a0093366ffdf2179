"""The one home of the field's words and text rules that more than one layer reads.

Ingestion (the extractors) and expectations (the checks) both import from here; this
package imports from neither, so the data flows one way. Lists of words and units are dbt
seeds (dbt_project/seeds/*.csv, `ref`'d by the models): `vocabulary.seeds` reads the same
files, so the extractor, the checker and SQL agree. Character classes and patterns that
are regex syntax rather than data live in `vocabulary.text`; years around a plan's period
in `vocabulary.years`.
"""
